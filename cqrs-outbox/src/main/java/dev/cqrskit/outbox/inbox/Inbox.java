package dev.cqrskit.outbox.inbox;

import dev.cqrskit.outbox.OutboxException;
import dev.cqrskit.outbox.schema.CqrsSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Makes a consumer idempotent: it records {@code (consumer, message id)} in the consumer's own transaction, so a
 * redelivered message (the relay delivers at least once) has its effect exactly once.
 *
 * <pre>{@code
 * Inbox inbox = new Inbox("billing.invoice-on-signup");
 * jdbi.useTransaction(handle -> inbox.handleOnce(handle, event.messageId(), h -> {
 *     h.execute("INSERT INTO invoices ...");
 * }));
 * }</pre>
 *
 * <p>Two deliveries of one message racing in two transactions are serialized by the primary key: the second waits
 * for the first to commit and then skips (or runs, if the first rolled back). Old entries are removed with
 * {@link #deleteOlderThan(Jdbi, Duration)} or on a schedule with {@link InboxRetention}; keep them longer than a
 * message can be redelivered (docs/outbox.md, "Inbox retention and the redelivery window").
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class Inbox {

    private final String consumer;

    /**
     * Creates the inbox of one consumer.
     *
     * @param consumer a stable consumer name, 1..200 characters; it scopes the deduplication
     */
    public Inbox(String consumer) {
        Objects.requireNonNull(consumer, "consumer must not be null");
        if (consumer.isBlank() || consumer.length() > 200) {
            throw new IllegalArgumentException("consumer must have 1 to 200 characters and not be blank, but was '"
                    + consumer + "'");
        }
        this.consumer = consumer;
    }

    /** @return the consumer's name */
    public String consumer() {
        return consumer;
    }

    /**
     * Records that this consumer handles a message, inside the caller's transaction.
     *
     * @param handle    the consumer's handle, in its transaction
     * @param messageId the message's id
     * @return true the first time; false if the message was handled before (skip it)
     * @throws OutboxException if the insert fails
     */
    public boolean markHandled(Handle handle, UUID messageId) {
        Objects.requireNonNull(handle, "handle must not be null");
        Objects.requireNonNull(messageId, "messageId must not be null");
        try {
            return handle.createUpdate("INSERT INTO cqrs_inbox (consumer, message_id) VALUES (:consumer, :id)"
                            + " ON CONFLICT DO NOTHING")
                    .bind("consumer", consumer)
                    .bind("id", messageId)
                    .execute() == 1;
        } catch (JdbiException e) {
            throw new OutboxException("Could not record message " + messageId + " in the inbox of consumer '"
                    + consumer + "': " + e.getMessage() + ". Is the schema installed (CqrsSchema.install)?", e);
        }
    }

    /**
     * Records that this consumer handles several messages, inside the caller's transaction, in one statement.
     *
     * @param handle     the consumer's handle, in its transaction
     * @param messageIds the messages' ids; an id given twice is recorded once
     * @return the ids recorded now, i.e. not handled before (run those); the others are duplicates (skip them)
     * @throws OutboxException if the insert fails
     */
    public Set<UUID> markHandled(Handle handle, Collection<UUID> messageIds) {
        Objects.requireNonNull(handle, "handle must not be null");
        Objects.requireNonNull(messageIds, "messageIds must not be null");
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        try {
            return new HashSet<>(handle.createQuery("INSERT INTO cqrs_inbox (consumer, message_id)"
                            + " SELECT :consumer, id FROM unnest(:ids) AS u(id) ON CONFLICT DO NOTHING"
                            + " RETURNING message_id")
                    .bind("consumer", consumer)
                    .bindArray("ids", UUID.class, messageIds)
                    .mapTo(UUID.class)
                    .list());
        } catch (JdbiException e) {
            throw new OutboxException("Could not record " + messageIds.size() + " messages in the inbox of consumer '"
                    + consumer + "': " + e.getMessage() + ". Is the schema installed (CqrsSchema.install)?", e);
        }
    }

    /**
     * Runs work for a message unless this consumer handled it before, inside the caller's transaction.
     *
     * @param handle    the consumer's handle, in its transaction
     * @param messageId the message's id
     * @param work      the consumer's effect, run with the same handle
     * @return whether the work ran
     * @throws OutboxException if recording fails; whatever {@code work} throws propagates
     */
    public boolean handleOnce(Handle handle, UUID messageId, Consumer<Handle> work) {
        Objects.requireNonNull(work, "work must not be null");
        if (!markHandled(handle, messageId)) {
            return false;
        }
        work.accept(handle);
        return true;
    }

    /** How many entries one retention statement deletes at most, unless told otherwise. */
    public static final int DEFAULT_DELETE_BATCH = 10_000;

    /**
     * Deletes this consumer's entries older than a retention period, in statements of at most
     * {@value #DEFAULT_DELETE_BATCH} rows, each its own transaction: no lock is held long, and the table never
     * waits behind one huge delete.
     *
     * @param jdbi      the database
     * @param retention how long to keep entries, at least one second
     * @return how many entries were deleted
     * @throws OutboxException if a delete fails
     */
    public int deleteOlderThan(Jdbi jdbi, Duration retention) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        Objects.requireNonNull(retention, "retention must not be null");
        if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1 second, but was " + retention);
        }
        Instant cutoff;
        try {
            cutoff = jdbi.withHandle(h -> h.createQuery("SELECT now() - :millis * interval '1 millisecond'")
                    .bind("millis", retention.toMillis())
                    .mapTo(OffsetDateTime.class).one()).toInstant();
        } catch (JdbiException e) {
            throw new OutboxException("Could not read the database's time to delete old inbox entries of consumer '"
                    + consumer + "': " + e.getMessage(), e);
        }
        return deleteHandledBefore(jdbi, cutoff, DEFAULT_DELETE_BATCH);
    }

    /**
     * Deletes this consumer's entries recorded before a point in time, in statements of at most {@code batchSize}
     * rows, each its own transaction, until none is left. {@link InboxRetention} calls it on a schedule.
     *
     * @param jdbi      the database
     * @param cutoff    entries recorded before it are deleted
     * @param batchSize the most rows one statement deletes, 1..1,000,000
     * @return how many entries were deleted
     * @throws OutboxException if a delete fails; the batches before it stay deleted
     */
    public int deleteHandledBefore(Jdbi jdbi, Instant cutoff, int batchSize) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        Objects.requireNonNull(cutoff, "cutoff must not be null");
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 1000000, but was " + batchSize);
        }
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        int total = 0;
        try {
            while (true) {
                int deleted = jdbi.withHandle(h -> h.createUpdate("DELETE FROM cqrs_inbox WHERE ctid IN"
                                + " (SELECT ctid FROM cqrs_inbox WHERE consumer = :consumer AND processed_at < :cutoff"
                                + " LIMIT :limit)")
                        .bind("consumer", consumer)
                        .bind("cutoff", before)
                        .bind("limit", batchSize)
                        .execute());
                total += deleted;
                if (deleted < batchSize) {
                    return total;
                }
            }
        } catch (JdbiException e) {
            throw new OutboxException("Could not delete old inbox entries of consumer '" + consumer + "' after "
                    + total + " deleted: " + e.getMessage(), e);
        }
    }
}
