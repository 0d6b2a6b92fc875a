package dev.cqrskit.sample.auth.infrastructure;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.jdbi.CommittedEvents;
import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.sample.auth.domain.VerificationCode;
import dev.cqrskit.sample.auth.domain.VerificationCodes;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import org.jdbi.v3.core.Handle;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** {@link VerificationCodes} in PostgreSQL, with events in the outbox of the same transaction. */
public final class JdbiVerificationCodes extends JdbiAggregateRepository<VerificationCode, UserId>
        implements VerificationCodes {

    /**
     * Creates the repository.
     *
     * @param transactions the thread's transaction
     * @param outbox       appends events
     * @param metadata     stamps events
     */
    public JdbiVerificationCodes(JdbiTransactionBoundary transactions, Outbox outbox, MetadataFactory metadata) {
        super("VerificationCode", transactions, outbox, metadata, CommittedEvents.NONE);
    }

    @Override
    protected Optional<VerificationCode> load(Handle handle, UserId id) {
        return handle.createQuery("SELECT user_id, email, code_hash, expires_at, attempts_left, verified, version"
                        + " FROM verification_codes WHERE user_id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> VerificationCode.restore(new UserId(rs.getObject("user_id", UUID.class)),
                        rs.getLong("version"), new Email(rs.getString("email")), rs.getString("code_hash"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(), rs.getInt("attempts_left"),
                        rs.getBoolean("verified")))
                .findOne();
    }

    @Override
    protected void insert(Handle handle, VerificationCode code, long version) {
        handle.createUpdate("INSERT INTO verification_codes (user_id, email, code_hash, expires_at, attempts_left,"
                        + " verified, version) VALUES (:id, :email, :hash, :expiresAt, :attempts, :verified, :version)")
                .bind("id", code.id().value())
                .bind("email", code.email().value())
                .bind("hash", code.codeHash())
                .bind("expiresAt", OffsetDateTime.ofInstant(code.expiresAt(), ZoneOffset.UTC))
                .bind("attempts", code.attemptsLeft())
                .bind("verified", code.verified())
                .bind("version", version)
                .execute();
    }

    @Override
    protected int update(Handle handle, VerificationCode code, long expectedVersion, long newVersion) {
        return handle.createUpdate("UPDATE verification_codes SET code_hash = :hash, expires_at = :expiresAt,"
                        + " attempts_left = :attempts, verified = :verified,"
                        + " version = :newVersion WHERE user_id = :id AND version = :expected")
                .bind("hash", code.codeHash())
                .bind("expiresAt", OffsetDateTime.ofInstant(code.expiresAt(), ZoneOffset.UTC))
                .bind("attempts", code.attemptsLeft())
                .bind("verified", code.verified())
                .bind("newVersion", newVersion)
                .bind("id", code.id().value())
                .bind("expected", expectedVersion)
                .execute();
    }
}
