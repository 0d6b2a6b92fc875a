package dev.cqrskit.sample.user.infrastructure;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.jdbi.CommittedEvents;
import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.EventRecorder;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.PasswordHash;
import dev.cqrskit.sample.user.domain.Role;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.Users;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Users} in PostgreSQL: the users table, with the events recorded in the same transaction (in the sample, in
 * the user's event stream {@code User:<id>} and the outbox).
 */
public final class JdbiUsers extends JdbiAggregateRepository<User, UserId> implements Users {

    private static final String AGGREGATE_TYPE = "User";

    private static final String COLUMNS = "id, email, display_name, role, password_hash, email_verified,"
            + " password_changed_at, version";

    private final JdbiTransactionBoundary transactions;

    /**
     * Creates the repository.
     *
     * @param transactions the thread's transaction
     * @param events       records events: the outbox, or the event store's recorder
     * @param metadata     stamps events
     * @param committed    hands saved events to in-process subscribers once committed
     */
    public JdbiUsers(JdbiTransactionBoundary transactions, EventRecorder events, MetadataFactory metadata,
                     CommittedEvents committed) {
        super(AGGREGATE_TYPE, transactions, events, metadata, committed);
        this.transactions = transactions;
    }

    /**
     * Returns the key of a user's events: their outbox ordering key and their event stream.
     *
     * @param id the user
     * @return {@code "User:" + id}
     */
    public static String streamOf(UserId id) {
        return AGGREGATE_TYPE + ":" + id;
    }

    @Override
    protected String orderingKey(UserId id) {
        return streamOf(id);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return transactions.withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email.value())
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    @Override
    protected Optional<User> load(Handle handle, UserId id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> read(rs))
                .findOne();
    }

    @Override
    protected void insert(Handle handle, User user, long version) {
        handle.createUpdate("INSERT INTO users (id, email, display_name, role, password_hash, email_verified,"
                        + " password_changed_at, registered_at, version) VALUES (:id, :email, :displayName, :role,"
                        + " :hash, :verified, :changedAt, :changedAt, :version)")
                .bind("id", user.id().value())
                .bind("email", user.email().value())
                .bind("displayName", user.displayName().value())
                .bind("role", user.role().name())
                .bind("hash", user.passwordHash().phc())
                .bind("verified", user.emailVerified())
                .bind("changedAt", OffsetDateTime.ofInstant(user.passwordChangedAt(), ZoneOffset.UTC))
                .bind("version", version)
                .execute();
    }

    @Override
    protected int update(Handle handle, User user, long expectedVersion, long newVersion) {
        return handle.createUpdate("UPDATE users SET password_hash = :hash, email_verified = :verified,"
                        + " password_changed_at = :changedAt, version = :newVersion"
                        + " WHERE id = :id AND version = :expected")
                .bind("hash", user.passwordHash().phc())
                .bind("verified", user.emailVerified())
                .bind("changedAt", OffsetDateTime.ofInstant(user.passwordChangedAt(), ZoneOffset.UTC))
                .bind("newVersion", newVersion)
                .bind("id", user.id().value())
                .bind("expected", expectedVersion)
                .execute();
    }

    private static User read(ResultSet rs) throws SQLException {
        return User.restore(new UserId(rs.getObject("id", UUID.class)), rs.getLong("version"),
                new Email(rs.getString("email")), new DisplayName(rs.getString("display_name")),
                Role.valueOf(rs.getString("role")), new PasswordHash(rs.getString("password_hash")),
                rs.getBoolean("email_verified"), rs.getObject("password_changed_at", OffsetDateTime.class).toInstant());
    }
}
