package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/**
 * One subscription's batch function, {@code runOnce(Handle) -> int}, the shape of the outbox relay engine's batches
 * so that the engine can drive it later. It reads the next events in commit-cut order, hands them to the handlers and
 * moves the checkpoint with a compare-and-set, all in the caller's transaction. The checkpoint it keeps in memory
 * moves on only when that transaction commits. Not threadsafe: one runner thread owns it.
 */
final class SubscriptionBatch {

    /**
     * The events of the transactions visible in the window snapshot {@code :w} but not in the committed snapshot
     * {@code :c}, after {@code :after}, in position order. The first condition is the index-friendly form of "not
     * visible in :c" (PgQ's): a transaction id at or above the cut's xmax, or one of {@code :xip}, the transactions
     * in progress at the cut, as a literal array. With the values in the plan (a custom plan, see
     * {@link #PLANNED_WITH_VALUES}) PostgreSQL estimates the window's size from the transaction id statistics: it
     * follows a small window through the transaction id index and catches up a large one along the primary key. A
     * generic plan cannot tell them apart; it walked the whole primary key for every small window (165 ms per batch
     * on 100,000 events).
     */
    private static final String NEXT_EVENTS = "SELECT " + EventRows.COLUMNS + " FROM cqrs_events e"
            + " WHERE (e.transaction_id >= pg_snapshot_xmax(CAST(:c AS pg_snapshot))"
            + "        OR e.transaction_id = ANY (CAST(:xip AS xid8[])))"
            + " AND e.transaction_id < pg_snapshot_xmax(CAST(:w AS pg_snapshot))"
            + " AND pg_visible_in_snapshot(e.transaction_id, CAST(:w AS pg_snapshot))"
            + " AND e.position > :after ORDER BY e.position LIMIT :limit";

    /**
     * Keeps the batch query an unnamed statement, which PostgreSQL plans with the bound values every time (a custom
     * plan): pgjdbc would otherwise prepare it on the server after five runs, and the server would then settle on a
     * generic plan. Only this query: the handlers' statements keep their cached plans.
     */
    private static final StatementCustomizer PLANNED_WITH_VALUES = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    };

    private static final String MOVE = "UPDATE cqrs_subscriptions SET committed_snapshot = CAST(:c AS pg_snapshot),"
            + " window_snapshot = CAST(:w AS pg_snapshot), window_position = :p, revision = revision + 1,"
            + " status = :status, handled_count = handled_count + :n, owner = :owner, updated_at = now()"
            + " WHERE subscription_id = :id AND revision = :revision";

    private final Subscription subscription;
    private final EventCodec codec;
    private final String owner;
    private final String lockTimeout;
    private Checkpoint checkpoint;
    private int limit;

    SubscriptionBatch(Subscription subscription, EventCodec codec, String owner, Duration lockTimeout, int limit) {
        this.subscription = subscription;
        this.codec = codec;
        this.owner = owner;
        this.lockTimeout = lockTimeout.toMillis() + "ms";
        this.limit = limit;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    void checkpoint(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    int limit() {
        return limit;
    }

    void limit(int limit) {
        this.limit = limit;
    }

    /** Loads the stored checkpoint of a subscription and its skips. */
    static Optional<Checkpoint> load(Handle handle, String id) {
        Set<Long> skipped = new HashSet<>(handle.createQuery(
                        "SELECT position FROM cqrs_subscription_skips WHERE subscription_id = :id")
                .bind("id", id).mapTo(Long.class).list());
        return handle.createQuery("SELECT committed_snapshot::text AS c, window_snapshot::text AS w, window_position,"
                        + " revision, status FROM cqrs_subscriptions WHERE subscription_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Checkpoint(rs.getString("c"), rs.getString("w"), rs.getLong("window_position"),
                        rs.getLong("revision"), SubscriptionState.valueOf(rs.getString("status")), skipped))
                .findOne();
    }

    /**
     * Handles the next batch in the caller's transaction.
     *
     * @param handle a handle inside a transaction
     * @return the number of events read (handled or passed over); fewer than the limit means caught up
     * @throws HandlerFailedException   if a handler failed; the caller rolls back
     * @throws CheckpointMovedException if the checkpoint changed under this runner; the caller rolls back and reloads
     */
    int runOnce(Handle handle) {
        Checkpoint from = checkpoint;
        // Every wait inside the batch is bounded; the window snapshot comes in the same round trip.
        // The batch commits without waiting for its WAL flush (synchronous_commit off, as the outbox relay's own
        // writes): the read-model writes and the checkpoint are one transaction, so a server crash that loses the
        // last batches loses both, and the runner handles those events again. The runner never waits on the disk.
        // The stored revision comes along too: an operator's reset, retry or skip moves it even while this runner
        // is idle and writes nothing, and the runner must reload rather than go on from its old checkpoint.
        String current = handle.createQuery("SELECT set_config('lock_timeout', :lt, true) AS lt,"
                        + " set_config('synchronous_commit', 'off', true) AS sync,"
                        + " pg_current_snapshot()::text AS s, (SELECT revision FROM cqrs_subscriptions"
                        + " WHERE subscription_id = :id) AS revision")
                .bind("lt", lockTimeout).bind("id", subscription.id())
                .map((rs, ctx) -> rs.getLong("revision") == from.revision() ? rs.getString("s") : null).one();
        if (current == null) {
            throw new CheckpointMovedException(subscription.id(), from.revision());
        }
        String window = from.window() != null ? from.window() : current;
        List<StoredRow> rows = handle.createQuery(NEXT_EVENTS)
                .addCustomizer(PLANNED_WITH_VALUES)
                .bind("c", from.committed())
                .bind("xip", inProgress(from.committed()))
                .bind("w", window)
                .bind("after", from.windowPosition())
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    long position = rs.getLong("position");
                    String type = rs.getString("event_type");
                    Subscription.Delivery delivery = deliveryOf(from, position, type, rs.getString("tenant"));
                    // Only events with a handler are read in full and decoded; the others are passed over.
                    return delivery == null ? new StoredRow(position, null, type, null, null, null)
                            : new StoredRow(position, rs.getString("stream_id"), type, rs.getString("payload"),
                                    EventCodec.readMetadata(rs), delivery);
                })
                .list();
        if (rows.isEmpty() && from.window() == null) {
            return 0; // nothing committed since the last cut: no write, no transaction id spent
        }
        BatchedWrites writes = new BatchedWrites(handle);
        for (StoredRow row : rows) {
            handle(row, writes);
        }
        writes.flush();
        boolean full = rows.size() == limit;
        Checkpoint next = full
                ? new Checkpoint(from.committed(), window, rows.get(rows.size() - 1).position(), from.revision() + 1,
                        SubscriptionState.CATCHING_UP, from.skipped())
                : new Checkpoint(window, null, 0, from.revision() + 1, SubscriptionState.RUNNING, from.skipped());
        int moved = handle.createUpdate(MOVE)
                .bind("c", next.committed())
                .bind("w", next.window())
                .bind("p", next.windowPosition())
                .bind("status", next.state().name())
                .bind("n", (long) rows.size())
                .bind("owner", owner)
                .bind("id", subscription.id())
                .bind("revision", from.revision())
                .execute();
        if (moved != 1) {
            throw new CheckpointMovedException(subscription.id(), from.revision());
        }
        handle.afterCommit(() -> checkpoint = next);
        return rows.size();
    }

    /** The transactions in progress in a snapshot ({@code xmin:xmax:xip,...}) as an {@code xid8[]} literal. */
    static String inProgress(String snapshot) {
        int second = snapshot.indexOf(':', snapshot.indexOf(':') + 1);
        return "{" + snapshot.substring(second + 1) + "}";
    }

    /** The handler of an event, or null when this subscription passes it over. */
    private Subscription.Delivery deliveryOf(Checkpoint from, long position, String eventType, String tenant) {
        if (from.skipped().contains(position)) {
            return null;
        }
        if (subscription.tenant().isPresent() && !subscription.tenant().get().equals(tenant)) {
            return null;
        }
        // A type this application does not know has no handler here either.
        return codec.types().typeOf(eventType).flatMap(subscription::handlerFor).orElse(null);
    }

    private void handle(StoredRow row, BatchedWrites writes) {
        if (row.delivery() == null) {
            return;
        }
        try {
            EventMessage<DomainEvent> message = codec.decode(new SerializedEvent(row.type(), row.streamId(),
                    row.payload(), row.metadata()));
            row.delivery().deliverIn(message, writes, row.position(), row.type());
        } catch (HandlerFailedException failed) {
            throw failed; // a batched write of an earlier event failed when this handler needed the handle
        } catch (RuntimeException | Error failure) {
            throw new HandlerFailedException(row.position(), row.type(), failure);
        }
    }

    /** A row of {@code cqrs_events} before decoding; only the position and type of an event passed over. */
    private record StoredRow(long position, String streamId, String type, String payload, Metadata metadata,
                             Subscription.Delivery delivery) {
    }
}
