package dev.cqrskit.outbox.relay;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Claims, publishes and settles one batch in one transaction. Threadsafe (stateless between calls).
 *
 * <p>Per-key order with any number of relays: a key is claimed by locking its head, the row with the lowest id of
 * the key, with {@code FOR UPDATE SKIP LOCKED}; only a due, unparked head qualifies. The rows that follow the head
 * are read and published by the same transaction. Another relay cannot take any row of that key meanwhile: it skips
 * the locked head, and a later row is never a head while the locked head exists (it is deleted, if at all, only at
 * commit). If the relay dies, its transaction aborts, the lock goes with the connection and the rows are still there.
 */
final class BatchRelayer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * Claims due heads among the oldest rows. The window bounds the work: without it, a backlog spread over fewer
     * keys than the batch size would make every claim probe every row of the table.
     */
    static final String CLAIM_HEADS = "SELECT " + OutboxRow.COLUMNS
            + " FROM (SELECT id FROM cqrs_outbox ORDER BY id LIMIT :window) w JOIN cqrs_outbox o ON o.id = w.id"
            + " WHERE o.parked_at IS NULL AND o.next_attempt_at <= now()"
            + " AND NOT EXISTS (SELECT 1 FROM cqrs_outbox e WHERE e.ordering_key = o.ordering_key AND e.id < o.id)"
            + " ORDER BY o.id LIMIT :limit FOR UPDATE OF o SKIP LOCKED";

    /**
     * Claims due heads key by key (a loose index scan over {@code (ordering_key, id)}, one probe per key), for when
     * the oldest rows are all held back (a parked key with a long backlog, messages waiting for a retry) or claimed.
     */
    static final String CLAIM_HEADS_BY_KEY = "WITH RECURSIVE keys(k) AS ("
            + " SELECT min(ordering_key) FROM cqrs_outbox"
            + " UNION ALL SELECT (SELECT min(ordering_key) FROM cqrs_outbox WHERE ordering_key > k) FROM keys"
            + " WHERE k IS NOT NULL),"
            + " heads(id) AS (SELECT (SELECT id FROM cqrs_outbox WHERE ordering_key = k ORDER BY id LIMIT 1)"
            + " FROM keys WHERE k IS NOT NULL)"
            + " SELECT " + OutboxRow.COLUMNS + " FROM heads h JOIN cqrs_outbox o ON o.id = h.id"
            + " WHERE o.parked_at IS NULL AND o.next_attempt_at <= now()"
            + " ORDER BY o.id LIMIT :limit FOR UPDATE OF o SKIP LOCKED";

    static final String FETCH_FOLLOWERS = "SELECT " + OutboxRow.COLUMNS
            + " FROM unnest(:heads::bigint[], :keys::text[]) AS h(head_id, ordering_key)"
            + " CROSS JOIN LATERAL (SELECT * FROM cqrs_outbox c WHERE c.ordering_key = h.ordering_key"
            + " AND c.id > h.head_id ORDER BY c.id LIMIT :followers) o";

    private static final String DELETE = "DELETE FROM cqrs_outbox WHERE id = ANY(:ids::bigint[])";

    private static final String SETTLE_FAILURE = "UPDATE cqrs_outbox SET attempts = :attempts, last_error = :error,"
            + " parked_at = CASE WHEN :park THEN now() END,"
            + " next_attempt_at = now() + :delayMillis * interval '1 millisecond' WHERE id = :id";

    private final EventPublisher publisher;
    private final OutboxRelayConfig config;
    private final Backoff backoff;
    /** Whether the last claim found few keys; a hint shared by the workers, so no synchronization is needed. */
    private volatile boolean fewKeys;

    BatchRelayer(EventPublisher publisher, OutboxRelayConfig config) {
        this.publisher = Objects.requireNonNull(publisher, "publisher must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.backoff = Backoff.of(config.initialBackoff(), config.maxBackoff());
    }

    /** @return how many messages were published or settled as failed; 0 when nothing was due */
    int relay(Handle handle) {
        return handle.inTransaction(h -> {
            List<OutboxRow> heads = claimHeads(h);
            if (heads.isEmpty()) {
                return 0;
            }
            List<OutboxRow> claimed = withFollowers(h, heads);
            settle(h, claimed, publish(claimed));
            return claimed.size();
        });
    }

    /**
     * Claims heads with the cheaper of two plans: scanning the oldest rows pays per row, scanning key by key pays per
     * key. The last claim's count of heads tells which one fits the outbox now; the other is the fallback when the
     * first finds nothing.
     */
    private List<OutboxRow> claimHeads(Handle h) {
        boolean byKey = fewKeys;
        List<OutboxRow> heads = byKey ? claimByKey(h) : claimOldest(h);
        if (heads.isEmpty()) {
            heads = byKey ? claimOldest(h) : claimByKey(h);
        }
        fewKeys = heads.size() < Math.max(1, config.batchSize() / 4);
        return heads;
    }

    private List<OutboxRow> claimOldest(Handle h) {
        return h.createQuery(CLAIM_HEADS)
                .bind("window", Math.max(1_000, config.batchSize() * 4))
                .bind("limit", config.batchSize())
                .map(OutboxRow.MAPPER)
                .list();
    }

    private List<OutboxRow> claimByKey(Handle h) {
        return h.createQuery(CLAIM_HEADS_BY_KEY)
                .bind("limit", config.batchSize())
                .map(OutboxRow.MAPPER)
                .list();
    }

    /**
     * Adds to each claimed head the rows of its key that follow it, up to an even share of the batch; with as many
     * heads as the batch holds, the heads are the batch and this costs nothing.
     */
    private List<OutboxRow> withFollowers(Handle h, List<OutboxRow> heads) {
        int followers = config.batchSize() / heads.size() - 1;
        if (followers < 1) {
            return heads;
        }
        String[] headIds = new String[heads.size()];
        String[] keys = new String[heads.size()];
        for (int i = 0; i < heads.size(); i++) {
            headIds[i] = Long.toString(heads.get(i).id());
            keys[i] = heads.get(i).key();
        }
        Map<String, List<OutboxRow>> byKey = new HashMap<>();
        h.createQuery(FETCH_FOLLOWERS)
                .bindArray("heads", String.class, (Object[]) headIds)
                .bindArray("keys", String.class, (Object[]) keys)
                .bind("followers", followers)
                .map(OutboxRow.MAPPER)
                .forEach(row -> byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row));
        List<OutboxRow> rows = new ArrayList<>(config.batchSize());
        for (OutboxRow head : heads) {
            rows.add(head);
            List<OutboxRow> rest = byKey.get(head.key());
            if (rest != null) {
                rest.sort(java.util.Comparator.comparingLong(OutboxRow::id));
                rows.addAll(rest);
            }
        }
        return readyPrefixes(rows);
    }

    /** Keeps, per key, the rows from the head up to the first one that is parked or not yet due. */
    private static List<OutboxRow> readyPrefixes(List<OutboxRow> rows) {
        List<OutboxRow> ready = new ArrayList<>(rows.size());
        String blockedKey = null;
        for (OutboxRow row : rows) {
            if (row.key().equals(blockedKey)) {
                continue;
            }
            if (row.ready()) {
                ready.add(row);
            } else {
                blockedKey = row.key();
            }
        }
        return ready;
    }

    private Map<UUID, PublishOutcome> publish(List<OutboxRow> rows) {
        List<SerializedEvent> batch = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            batch.add(row.event());
        }
        Map<UUID, PublishOutcome> outcomes = new HashMap<>(rows.size() * 2);
        try {
            List<PublishOutcome> results = publisher.publish(batch);
            if (results != null) {
                for (PublishOutcome outcome : results) {
                    if (outcome != null) {
                        outcomes.put(outcome.messageId(), outcome);
                    }
                }
            }
        } catch (RuntimeException e) {
            String reason = "publisher threw " + e.getClass().getName() + ": " + e.getMessage();
            LOG.warn("Outbox publisher {} failed a batch of {} message(s); all will be retried: {}",
                    publisher.getClass().getName(), rows.size(), reason, e);
            for (OutboxRow row : rows) {
                outcomes.put(row.event().messageId(), PublishOutcome.retryable(row.event().messageId(), reason));
            }
        }
        return outcomes;
    }

    private void settle(Handle h, List<OutboxRow> rows, Map<UUID, PublishOutcome> outcomes) {
        List<String> published = new ArrayList<>(rows.size());
        PreparedBatch failures = null;
        String failedKey = null;
        for (OutboxRow row : rows) {
            UUID messageId = row.event().messageId();
            PublishOutcome outcome = outcomes.get(messageId);
            if (outcome == null) {
                outcome = PublishOutcome.retryable(messageId, "the publisher " + publisher.getClass().getName()
                        + " returned no outcome for this message, which breaks the EventPublisher contract");
            }
            if (outcome instanceof PublishOutcome.Published) {
                published.add(Long.toString(row.id()));
            } else if (!row.key().equals(failedKey)) {
                // Only the first failure of a key is booked; the rows after it wait behind it untouched.
                failedKey = row.key();
                if (failures == null) {
                    failures = h.prepareBatch(SETTLE_FAILURE);
                }
                bookFailure(failures, row, outcome);
            }
        }
        if (!published.isEmpty()) {
            h.createUpdate(DELETE).bindArray("ids", String.class, published.toArray()).execute();
        }
        if (failures != null) {
            failures.execute();
        }
    }

    private void bookFailure(PreparedBatch failures, OutboxRow row, PublishOutcome outcome) {
        int attempts = row.attempts() + 1;
        boolean permanent = outcome instanceof PublishOutcome.PermanentFailure;
        String reason = outcome instanceof PublishOutcome.PermanentFailure p ? p.reason()
                : ((PublishOutcome.RetryableFailure) outcome).reason();
        boolean park = permanent || attempts >= config.maxAttempts();
        long delay = park ? 0 : Math.max(1, backoff.delay(attempts).toMillis());
        String error = (permanent ? "permanent: " : "retryable: ") + reason;
        failures.bind("attempts", attempts)
                .bind("error", error.length() > 4000 ? error.substring(0, 4000) : error)
                .bind("park", park)
                .bind("delayMillis", delay)
                .bind("id", row.id())
                .add();
        SerializedEvent event = row.event();
        MDC.put("correlationId", event.metadata().correlationId().toString());
        try {
            if (park) {
                LOG.warn("Parked outbox message {} (type {}, key {}, correlation {}) after {} attempt(s): {}."
                                + " Later messages of key {} wait until it is retried or discarded"
                                + " (OutboxOperations.retry/discard).", event.messageId(), event.type(), row.key(),
                        event.metadata().correlationId(), attempts, error, row.key());
            } else {
                LOG.info("Outbox message {} (type {}, key {}, correlation {}) failed attempt {} of {}, retrying in"
                                + " {} ms: {}", event.messageId(), event.type(), row.key(),
                        event.metadata().correlationId(), attempts, config.maxAttempts(), delay, error);
            }
        } finally {
            MDC.remove("correlationId");
        }
    }
}
