package dev.cqrskit.outbox.inbox;

import dev.cqrskit.outbox.OutboxException;
import dev.cqrskit.outbox.schema.CqrsSchema;
import java.time.Duration;
import java.util.Objects;
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
 * {@link #deleteOlderThan(Jdbi, Duration)}; keep them longer than a message can be redelivered.
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

    /**
     * Deletes this consumer's entries older than a retention period.
     *
     * @param jdbi      the database
     * @param retention how long to keep entries, at least one second
     * @return how many entries were deleted
     * @throws OutboxException if the delete fails
     */
    public int deleteOlderThan(Jdbi jdbi, Duration retention) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        Objects.requireNonNull(retention, "retention must not be null");
        if (retention.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1 second, but was " + retention);
        }
        try {
            return jdbi.withHandle(h -> h.createUpdate("DELETE FROM cqrs_inbox WHERE consumer = :consumer"
                            + " AND processed_at < now() - :millis * interval '1 millisecond'")
                    .bind("consumer", consumer)
                    .bind("millis", retention.toMillis())
                    .execute());
        } catch (JdbiException e) {
            throw new OutboxException("Could not delete old inbox entries of consumer '" + consumer + "': "
                    + e.getMessage(), e);
        }
    }
}
