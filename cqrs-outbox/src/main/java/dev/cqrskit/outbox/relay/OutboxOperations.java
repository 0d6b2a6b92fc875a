package dev.cqrskit.outbox.relay;

import dev.cqrskit.outbox.OutboxException;
import dev.cqrskit.outbox.schema.CqrsSchema;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator needs to run the outbox: counts for monitoring, the parked messages with their last error, and
 * retrying or discarding them.
 *
 * <pre>{@code
 * OutboxOperations operations = new OutboxOperations(jdbi);
 * for (ParkedMessage parked : operations.parked(50)) {
 *     log.warn("{} parked: {}", parked.messageId(), parked.lastError());
 * }
 * operations.retryAll();   // after fixing the cause
 * }</pre>
 *
 * <p>Every action is logged with the message's correlation id. This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxOperations {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxOperations.class);

    private static final String COUNTS = "WITH parked_keys AS (SELECT DISTINCT ordering_key FROM cqrs_outbox"
            + " WHERE parked_at IS NOT NULL),"
            + " held AS (SELECT o.parked_at, o.created_at, o.ordering_key IN (SELECT ordering_key FROM parked_keys)"
            + " AS held FROM cqrs_outbox o)"
            + " SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,"
            + " count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,"
            + " count(*) FILTER (WHERE parked_at IS NULL AND held) AS held,"
            + " coalesce(floor(extract(epoch FROM now() - min(created_at)"
            + " FILTER (WHERE parked_at IS NULL AND NOT held)) * 1000), 0)::bigint AS age"
            + " FROM held";

    private final Jdbi jdbi;
    private volatile TimedCounts lastCounts;

    /**
     * Creates the operations.
     *
     * @param jdbi the database holding {@code cqrs_outbox}
     */
    public OutboxOperations(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
    }

    /**
     * Counts pending, parked and held-back messages and measures the age of the oldest pending one that is not held
     * behind a parked message. One query over the outbox: cheap while the backlog is small; for a gauge polled
     * often, prefer {@link #counts(Duration)}.
     *
     * @return the counts
     * @throws OutboxException if the query fails
     */
    public OutboxCounts counts() {
        OutboxCounts counts = call("count outbox messages", () -> jdbi.withHandle(h -> h.createQuery(COUNTS)
                .map((rs, ctx) -> new OutboxCounts(rs.getLong("pending"), rs.getLong("parked"),
                        rs.getLong("held"), Duration.ofMillis(Math.max(0, rs.getLong("age")))))
                .one()));
        lastCounts = new TimedCounts(counts, System.nanoTime());
        return counts;
    }

    /**
     * Returns the last counts if they are younger than {@code maxAge}, otherwise counts afresh: what a metrics gauge
     * should call, so that any number of scrapes costs at most one query per {@code maxAge}.
     *
     * @param maxAge how old the counts may be; zero counts afresh
     * @return the counts
     * @throws OutboxException if the query fails
     */
    public OutboxCounts counts(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        TimedCounts last = lastCounts;
        if (last != null && System.nanoTime() - last.nanoTime() < maxAge.toNanos()) {
            return last.counts();
        }
        synchronized (this) {
            last = lastCounts;
            if (last != null && System.nanoTime() - last.nanoTime() < maxAge.toNanos()) {
                return last.counts();
            }
            return counts();
        }
    }

    private record TimedCounts(OutboxCounts counts, long nanoTime) {
    }

    /**
     * Lists parked messages, oldest first.
     *
     * @param limit the most to return, 1..10,000
     * @return the parked messages
     * @throws OutboxException if the query fails
     */
    public List<ParkedMessage> parked(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, but was " + limit);
        }
        return call("list parked outbox messages", () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT message_id, ordering_key, event_type, correlation_id, attempts, last_error,"
                                + " occurred_at, parked_at FROM cqrs_outbox WHERE parked_at IS NOT NULL"
                                + " ORDER BY parked_at, id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new ParkedMessage(rs.getObject("message_id", UUID.class),
                        rs.getString("ordering_key"), rs.getString("event_type"),
                        rs.getObject("correlation_id", UUID.class), rs.getInt("attempts"),
                        Objects.requireNonNullElse(rs.getString("last_error"), ""),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("parked_at", OffsetDateTime.class).toInstant()))
                .list()));
    }

    /**
     * Unparks one message: the relay publishes it again, with a fresh attempt count, ahead of the rest of its key.
     *
     * @param messageId the parked message
     * @return whether a parked message with that id existed
     * @throws OutboxException if the update fails
     */
    public boolean retry(UUID messageId) {
        Objects.requireNonNull(messageId, "messageId must not be null");
        UUID correlation = call("retry outbox message " + messageId, () -> jdbi.withHandle(h -> h.createQuery(
                        "UPDATE cqrs_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = '-infinity'"
                                + " WHERE message_id = :id AND parked_at IS NOT NULL RETURNING correlation_id")
                .bind("id", messageId)
                .mapTo(UUID.class)
                .findOne()
                .orElse(null)));
        if (correlation != null) {
            LOG.info("Retrying parked outbox message {} (correlation {})", messageId, correlation);
        }
        return correlation != null;
    }

    /**
     * Unparks every parked message.
     *
     * @return how many were unparked
     * @throws OutboxException if the update fails
     */
    public int retryAll() {
        int count = call("retry parked outbox messages", () -> jdbi.withHandle(h -> h.createUpdate(
                "UPDATE cqrs_outbox SET parked_at = NULL, attempts = 0, next_attempt_at = '-infinity'"
                        + " WHERE parked_at IS NOT NULL").execute()));
        LOG.info("Retrying {} parked outbox message(s)", count);
        return count;
    }

    /**
     * Deletes one parked message for good: it is never published, and the rest of its key flows again.
     *
     * @param messageId the parked message
     * @return whether a parked message with that id existed
     * @throws OutboxException if the delete fails
     */
    public boolean discard(UUID messageId) {
        Objects.requireNonNull(messageId, "messageId must not be null");
        UUID correlation = call("discard outbox message " + messageId, () -> jdbi.withHandle(h -> h.createQuery(
                        "DELETE FROM cqrs_outbox WHERE message_id = :id AND parked_at IS NOT NULL"
                                + " RETURNING correlation_id")
                .bind("id", messageId)
                .mapTo(UUID.class)
                .findOne()
                .orElse(null)));
        if (correlation != null) {
            LOG.warn("Discarded parked outbox message {} (correlation {}); it will never be published",
                    messageId, correlation);
        }
        return correlation != null;
    }

    private static <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new OutboxException("Could not " + what + ": " + e.getMessage()
                    + ". Is the schema installed (CqrsSchema.install) and the database reachable?", e);
        }
    }
}
