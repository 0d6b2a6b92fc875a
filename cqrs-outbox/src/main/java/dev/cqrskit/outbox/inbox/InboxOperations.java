package dev.cqrskit.outbox.inbox;

import dev.cqrskit.outbox.OutboxException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an operator needs on the consumer side: the deliveries each consumer parked, how many, and discarding one.
 * Replaying parked deliveries needs the handler, so it is {@link InboxConsumer#retryParked()}.
 *
 * <pre>{@code
 * InboxOperations operations = new InboxOperations(jdbi);
 * operations.parked("notification.welcome-mail", 50).forEach(p -> log.warn("{}", p));
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class InboxOperations {

    private final Jdbi jdbi;

    /**
     * Creates the operations.
     *
     * @param jdbi the database
     */
    public InboxOperations(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
    }

    /**
     * Lists a consumer's parked deliveries, oldest first.
     *
     * @param consumer the consumer's name
     * @param limit    at most this many, from 1 to 10000
     * @return the parked deliveries
     */
    public List<ParkedDelivery> parked(String consumer, int limit) {
        Objects.requireNonNull(consumer, "consumer must not be null");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, but was " + limit);
        }
        return query(() -> jdbi.withHandle(h -> h.createQuery("SELECT message_id, ordering_key, event_type, attempts,"
                        + " reason, parked_at FROM cqrs_inbox_parked WHERE consumer = :consumer ORDER BY id"
                        + " LIMIT :limit")
                .bind("consumer", consumer).bind("limit", limit)
                .map((rs, ctx) -> new ParkedDelivery(consumer, rs.getObject("message_id", UUID.class),
                        rs.getString("ordering_key"), rs.getString("event_type"), rs.getInt("attempts"),
                        rs.getString("reason"), rs.getObject("parked_at", OffsetDateTime.class).toInstant()))
                .list()), "list the parked deliveries of consumer '" + consumer + "'");
    }

    /**
     * Counts a consumer's parked deliveries.
     *
     * @param consumer the consumer's name
     * @return how many are parked
     */
    public long parkedCount(String consumer) {
        Objects.requireNonNull(consumer, "consumer must not be null");
        return query(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_inbox_parked"
                        + " WHERE consumer = :consumer").bind("consumer", consumer).mapTo(Long.class).one()),
                "count the parked deliveries of consumer '" + consumer + "'");
    }

    /**
     * Discards a parked delivery: it is never handled. Deliveries held behind it stay parked until
     * {@link InboxConsumer#retryParked()} replays them.
     *
     * @param consumer  the consumer's name
     * @param messageId the message
     * @return whether a parked delivery was discarded
     */
    public boolean discard(String consumer, UUID messageId) {
        Objects.requireNonNull(consumer, "consumer must not be null");
        Objects.requireNonNull(messageId, "messageId must not be null");
        return query(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM cqrs_inbox_parked"
                        + " WHERE consumer = :consumer AND message_id = :id")
                .bind("consumer", consumer).bind("id", messageId).execute()) == 1,
                "discard parked message " + messageId + " of consumer '" + consumer + "'");
    }

    private static <T> T query(java.util.function.Supplier<T> work, String what) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OutboxException("Could not " + what + ": " + e.getMessage()
                    + ". Is the schema installed?", e);
        }
    }
}
