package dev.cqrskit.outbox.relay;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.internal.DeadlineCalls;
import dev.cqrskit.outbox.internal.SessionTimeouts;
import dev.cqrskit.outbox.internal.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Claims, publishes and settles one batch in one transaction. Threadsafe; between calls it keeps hints only (which
 * claim plan fits, which keys to publish alone) and the pause after a systemic failure.
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

    /** The longest failure reason stored; longer ones are cut. */
    static final int MAX_ERROR_LENGTH = 4_000;
    /** How many calls one batch is split into at most when it holds keys whose last call passed its deadline. */
    private static final int MAX_CALLS = 8;
    /** Suspect keys kept at most; beyond, the set is cleared (it is only a hint). */
    private static final int MAX_SUSPECTS = 10_000;

    private final EventPublisher publisher;
    private final OutboxRelayConfig config;
    private final RelayListener listener;
    private final DeadlineCalls calls;
    private final SessionTimeouts timeouts;
    private final Backoff backoff;
    /** Whether the last claim found few keys; a hint shared by the workers, so no synchronization is needed. */
    private volatile boolean fewKeys;
    /**
     * Keys that were in a publish call that passed its deadline. They are published in calls of their own next
     * time, so one key whose call hangs cannot hold back the keys that happened to share its batch.
     */
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    /** Systemic failures in a row; publishing pauses until {@link #pausedUntil} (System.nanoTime). */
    private final AtomicInteger systemicStreak = new AtomicInteger();
    private volatile long pausedUntil = System.nanoTime();

    BatchRelayer(EventPublisher publisher, OutboxRelayConfig config, RelayListener listener, DeadlineCalls calls,
                 SessionTimeouts timeouts) {
        this.publisher = Objects.requireNonNull(publisher, "publisher must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        this.calls = Objects.requireNonNull(calls, "calls must not be null");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts must not be null");
        this.backoff = Backoff.of(config.initialBackoff(), config.maxBackoff());
    }

    /** @return how long publishing still pauses after a systemic failure, in nanoseconds; 0 when it does not */
    long pauseNanos() {
        return Math.max(0, pausedUntil - System.nanoTime());
    }

    /**
     * Claims, publishes and settles one batch in one transaction.
     *
     * @param handle      a connection outside a transaction
     * @param ownsSession whether the relay owns the connection and has set its session timeouts; otherwise they are
     *                    set for this transaction only
     * @return how many messages were published or settled as failed; 0 when nothing was due or publishing pauses
     */
    int relay(Handle handle, boolean ownsSession) {
        if (pauseNanos() > 0) {
            return 0;
        }
        return handle.inTransaction(h -> {
            if (!ownsSession) {
                timeouts.applyToTransaction(h);
            }
            List<OutboxRow> heads = claimHeads(h);
            if (heads.isEmpty()) {
                return 0;
            }
            List<OutboxRow> claimed = withFollowers(h, heads);
            listener.onClaimed(claimed.size());
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

    /**
     * Publishes the rows, normally in one call. Keys whose last call passed its deadline are published in calls of
     * their own, concurrently with the rest, so that the key to blame is found and the others flow.
     */
    private Map<UUID, PublishOutcome> publish(List<OutboxRow> rows) {
        List<List<OutboxRow>> groups = groups(rows);
        List<Callable<List<PublishOutcome>>> work = new ArrayList<>(groups.size());
        for (List<OutboxRow> group : groups) {
            List<SerializedEvent> batch = new ArrayList<>(group.size());
            for (OutboxRow row : group) {
                batch.add(row.event());
            }
            work.add(() -> publisher.publish(batch));
        }
        List<DeadlineCalls.Result<List<PublishOutcome>>> results = calls.callAll(work, config.publishDeadline());
        Map<UUID, PublishOutcome> outcomes = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < groups.size(); i++) {
            List<OutboxRow> group = groups.get(i);
            DeadlineCalls.Result<List<PublishOutcome>> result = results.get(i);
            listener.onPublishCall(group.size(), result.nanos(), result.failure());
            if (result.timedOut()) {
                String reason = "the publish call passed its deadline of " + config.publishDeadline()
                        + "; its result is discarded";
                LOG.warn("Outbox publisher {} did not answer a call of {} message(s) within {}; they will be retried"
                                + " and their keys published in calls of their own", publisher.getClass().getName(),
                        group.size(), config.publishDeadline());
                if (suspects.size() > MAX_SUSPECTS) {
                    suspects.clear();
                }
                for (OutboxRow row : group) {
                    suspects.add(row.key());
                    outcomes.put(row.event().messageId(), PublishOutcome.retryable(row.event().messageId(), reason));
                }
                continue;
            }
            for (OutboxRow row : group) {
                suspects.remove(row.key());
            }
            if (result.failure() != null) {
                Throwable e = result.failure();
                String reason = "publisher threw " + e.getClass().getName() + ": " + e.getMessage();
                if (e instanceof Error) {
                    LOG.error("Outbox publisher {} threw an error on a batch of {} message(s); all will be retried",
                            publisher.getClass().getName(), group.size(), e);
                } else {
                    LOG.warn("Outbox publisher {} failed a batch of {} message(s); all will be retried: {}",
                            publisher.getClass().getName(), group.size(), reason, e);
                }
                for (OutboxRow row : group) {
                    outcomes.put(row.event().messageId(), PublishOutcome.retryable(row.event().messageId(), reason));
                }
            } else if (result.value() != null) {
                for (PublishOutcome outcome : result.value()) {
                    if (outcome != null) {
                        outcomes.put(outcome.messageId(), outcome);
                    }
                }
            }
        }
        return outcomes;
    }

    /** One group of all rows, unless suspect keys are among them: each of those then gets a call of its own. */
    private List<List<OutboxRow>> groups(List<OutboxRow> rows) {
        if (suspects.isEmpty()) {
            return List.of(rows);
        }
        List<OutboxRow> rest = new ArrayList<>(rows.size());
        Map<String, List<OutboxRow>> isolated = new LinkedHashMap<>();
        for (OutboxRow row : rows) {
            if (suspects.contains(row.key())) {
                isolated.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
            } else {
                rest.add(row);
            }
        }
        if (isolated.isEmpty()) {
            return List.of(rows);
        }
        int slots = MAX_CALLS - (rest.isEmpty() ? 0 : 1);
        List<List<OutboxRow>> groups = new ArrayList<>();
        int n = 0;
        for (List<OutboxRow> keyRows : isolated.values()) {
            if (n < slots) {
                groups.add(new ArrayList<>(keyRows));
            } else {
                groups.get(n % slots).addAll(keyRows); // keys stay whole and in order within a group
            }
            n++;
        }
        if (!rest.isEmpty()) {
            groups.add(rest);
        }
        return groups;
    }

    private void settle(Handle h, List<OutboxRow> rows, Map<UUID, PublishOutcome> outcomes) {
        List<String> published = new ArrayList<>(rows.size());
        List<Failure> failures = new ArrayList<>();
        Set<String> failedKeys = new HashSet<>();
        String systemic = null;
        for (OutboxRow row : rows) {
            UUID messageId = row.event().messageId();
            PublishOutcome outcome = outcomes.get(messageId);
            if (outcome == null) {
                outcome = PublishOutcome.retryable(messageId, "the publisher " + publisher.getClass().getName()
                        + " returned no outcome for this message, which breaks the EventPublisher contract");
            }
            if (outcome instanceof PublishOutcome.Published) {
                published.add(Long.toString(row.id()));
            } else if (failedKeys.add(row.key())) {
                // Only the first failure of a key is booked; the rows after it wait behind it untouched.
                if (outcome instanceof PublishOutcome.SystemicFailure s) {
                    // A fault of the deployment: nothing is booked, the row stays as it was.
                    systemic = s.reason();
                } else {
                    failures.add(new Failure(row, outcome));
                }
            }
        }
        if (!published.isEmpty()) {
            h.createUpdate(DELETE).bindArray("ids", String.class, published.toArray()).execute();
            listener.onPublished(published.size());
        }
        if (!failures.isEmpty()) {
            book(h, failures);
        }
        if (systemic != null) {
            pause(systemic);
        } else if (!published.isEmpty()) {
            systemicStreak.set(0);
        }
    }

    private record Failure(OutboxRow row, PublishOutcome outcome) {
    }

    /**
     * Books failures. Should PostgreSQL refuse the statement anyway (the reasons are sanitized, so this is not
     * expected), the failures are booked again without their reasons: the attempt still counts, so a message
     * whose outcome cannot be stored parks after {@code maxAttempts} instead of being published forever.
     */
    private void book(Handle h, List<Failure> failures) {
        h.execute("SAVEPOINT cqrs_outbox_book");
        try {
            bookWith(h, failures, false);
            h.execute("RELEASE SAVEPOINT cqrs_outbox_book");
        } catch (RuntimeException e) {
            h.execute("ROLLBACK TO SAVEPOINT cqrs_outbox_book");
            LOG.error("Could not store the failure of {} outbox message(s); booking them without their reasons: {}",
                    failures.size(), e.toString());
            bookWith(h, failures, true);
        }
    }

    private void bookWith(Handle h, List<Failure> failures, boolean withoutReason) {
        PreparedBatch batch = h.prepareBatch(SETTLE_FAILURE);
        for (Failure failure : failures) {
            bookFailure(batch, failure.row(), failure.outcome(), withoutReason);
        }
        batch.execute();
    }

    private void pause(String reason) {
        int streak = systemicStreak.incrementAndGet();
        Duration pause = backoff.delay(streak);
        pausedUntil = System.nanoTime() + pause.toNanos();
        LOG.error("Outbox publisher {} reported a systemic failure (a fault of the deployment, not of an event):"
                        + " {}. Nothing is parked and no attempt is counted; publishing pauses for {} ms"
                        + " ({} in a row) and resumes by itself.", publisher.getClass().getName(), reason,
                pause.toMillis(), streak);
        listener.onSystemicFailure(reason, pause);
    }

    private void bookFailure(PreparedBatch failures, OutboxRow row, PublishOutcome outcome, boolean withoutReason) {
        int attempts = row.attempts() + 1;
        boolean permanent = outcome instanceof PublishOutcome.PermanentFailure;
        String reason = outcome instanceof PublishOutcome.PermanentFailure p ? p.reason()
                : ((PublishOutcome.RetryableFailure) outcome).reason();
        boolean park = permanent || attempts >= config.maxAttempts();
        long delay = park ? 0 : Math.max(1, backoff.delay(attempts).toMillis());
        String error = Texts.storable((permanent ? "permanent: " : "retryable: ")
                + (withoutReason ? "(the reason could not be stored)" : reason), MAX_ERROR_LENGTH);
        failures.bind("attempts", attempts)
                .bind("error", error)
                .bind("park", park)
                .bind("delayMillis", delay)
                .bind("id", row.id())
                .add();
        if (withoutReason) {
            return; // logged and reported the first time
        }
        SerializedEvent event = row.event();
        if (park) {
            listener.onParked(event, error);
        } else {
            listener.onFailed(event, attempts, error);
        }
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
