package dev.cqrskit.eventstore;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.internal.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs durable subscriptions on this node and operates them on any node: status, read-your-writes waits, reset,
 * retry and skip.
 *
 * <pre>{@code
 * Subscriptions subscriptions = Subscriptions.builder(jdbi, codec).add(userDirectory).build();
 * subscriptions.start();
 * AppendResult appended = registerUser.execute(command);
 * subscriptions.awaitPosition("UserDirectory", appended.position(), Duration.ofSeconds(2));  // read your write
 * subscriptions.stop();
 * }</pre>
 *
 * <p>Guarantees, explained in {@code docs/subscriptions.md}: every committed event is delivered, in commit-cut
 * order, which keeps each stream's order; none is skipped however late its transaction commits, and a rolled-back
 * append stalls nothing. A handler's database writes commit with the checkpoint, so they happen exactly once;
 * other effects are at-least-once. One runner per subscription id is active across all nodes (a session advisory
 * lock); the others wait as standby and take over when it goes. A handler that keeps failing stops its own
 * subscription only, visibly, until {@link #retry} or {@link #skip}.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class Subscriptions implements AutoCloseable {

    private static final String HANDLED = "pg_visible_in_snapshot(e.transaction_id, s.committed_snapshot)"
            + " OR (s.window_snapshot IS NOT NULL AND pg_visible_in_snapshot(e.transaction_id, s.window_snapshot)"
            + "     AND e.position <= s.window_position)";

    private final Jdbi jdbi;
    private final SubscriptionsConfig config;
    private final Map<String, Subscription> subscriptions;
    private final Map<String, SubscriptionRunner> runners;
    private final Wakeup wakeup;
    private final Object progress = new Object();

    private Subscriptions(Builder builder) {
        this.jdbi = builder.jdbi;
        this.config = builder.config;
        this.subscriptions = Map.copyOf(builder.subscriptions);
        Duration poll = config.pollInterval();
        this.wakeup = new Wakeup(jdbi, new Wakeup.Settings("cqrs-subscriptions", "cqrs_events", "cqrs_events_wakeup",
                poll, Backoff.of(Duration.ofMillis(100), poll.compareTo(Duration.ofSeconds(1)) > 0 ? poll
                        : Duration.ofSeconds(1))), (cause, pause) -> { });
        Map<String, SubscriptionRunner> created = new LinkedHashMap<>();
        for (Subscription subscription : builder.subscriptions.values()) {
            created.put(subscription.id(), new SubscriptionRunner(jdbi, builder.codec, subscription, config,
                    this::signalProgress, wakeup));
        }
        this.runners = Map.copyOf(created);
    }

    /**
     * Starts building the subscriptions of this node.
     *
     * @param jdbi  the database holding the event store
     * @param codec decodes events, the same codec the store writes with
     * @return a builder
     */
    public static Builder builder(Jdbi jdbi, EventCodec codec) {
        return new Builder(jdbi, codec);
    }

    /**
     * Starts a runner per subscription: each catches up from its checkpoint, then follows new commits; where another
     * node runs the same id, it waits as standby. The runners share one listening connection, which wakes them when
     * events are appended.
     *
     * @throws IllegalStateException if already started
     */
    public void start() {
        if (!runners.isEmpty()) {
            wakeup.start();
        }
        runners.values().forEach(SubscriptionRunner::start);
    }

    /** Stops every runner, letting the batch in flight commit; waits up to ten seconds each. */
    public void stop() {
        runners.values().forEach(SubscriptionRunner::halt);
        wakeup.signal();
        runners.values().forEach(runner -> runner.stop(Duration.ofSeconds(10)));
        wakeup.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Says whether this node's runner of a subscription holds its lock and works.
     *
     * @param id the subscription id
     * @return whether it is active here
     */
    public boolean isActive(String id) {
        SubscriptionRunner runner = runners.get(id);
        return runner != null && runner.isActive();
    }

    /**
     * Says whether this node's runner of a subscription is started and its thread alive (active or standby).
     *
     * @param id the subscription id
     * @return whether it runs here
     */
    public boolean isRunning(String id) {
        SubscriptionRunner runner = runners.get(id);
        return runner != null && runner.isRunning();
    }

    /**
     * Reads a subscription's status from the database, whichever node runs it.
     *
     * @param id the subscription id
     * @return its status, or empty if it was never started
     */
    public Optional<SubscriptionStatus> status(String id) {
        Objects.requireNonNull(id, "id must not be null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT s.status, s.owner, s.handled_count,"
                        + " s.failed_position, s.failed_event_type, s.failed_error, s.failed_at, s.updated_at,"
                        + " EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
                        + "   AND l.objsubid = 1 AND l.classid::bigint = ((" + SubscriptionLock.KEY + ") >> 32)"
                        + "   & 4294967295 AND l.objid::bigint = (" + SubscriptionLock.KEY + ") & 4294967295) AS active,"
                        + " (SELECT count(*) FROM cqrs_events e WHERE (e.transaction_id"
                        + "   >= pg_snapshot_xmax(s.committed_snapshot) OR e.transaction_id IN"
                        + "   (SELECT pg_snapshot_xip(s.committed_snapshot))) AND NOT (" + HANDLED + ")) AS lag"
                        + " FROM cqrs_subscriptions s WHERE s.subscription_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> {
                    Optional<SubscriptionFailure> failure = Optional.empty();
                    if (rs.getTimestamp("failed_at") != null) {
                        failure = Optional.of(new SubscriptionFailure(rs.getLong("failed_position"),
                                rs.getString("failed_event_type"), rs.getString("failed_error"),
                                rs.getTimestamp("failed_at").toInstant()));
                    }
                    return new SubscriptionStatus(id, SubscriptionState.valueOf(rs.getString("status")),
                            rs.getBoolean("active"), rs.getString("owner"), rs.getLong("lag"),
                            rs.getLong("handled_count"), failure, rs.getTimestamp("updated_at").toInstant());
                })
                .findOne());
    }

    /**
     * Says whether a subscription has handled (or passed over) the event at a position.
     *
     * @param id       the subscription id
     * @param position an event's position, such as {@link AppendResult#position()}
     * @return whether its checkpoint has passed that event; false if the event is not committed
     */
    public boolean hasPassed(String id, long position) {
        Objects.requireNonNull(id, "id must not be null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT EXISTS (SELECT 1 FROM cqrs_events e"
                        + " JOIN cqrs_subscriptions s ON s.subscription_id = :id WHERE e.position = :position AND ("
                        + HANDLED + "))")
                .bind("id", id).bind("position", position).mapTo(Boolean.class).one());
    }

    /**
     * Waits until a subscription has handled the event at a position: read-your-writes for a read model.
     *
     * <pre>{@code
     * AppendResult appended = store.append(stream, ExpectedVersion.exactly(3), events);
     * if (!subscriptions.awaitPosition("UserDirectory", appended.position(), Duration.ofSeconds(2))) {
     *     // answer 202 Accepted: the read model will catch up
     * }
     * }</pre>
     *
     * @param id       the subscription id
     * @param position an event's position from an append's result
     * @param timeout  the longest to wait
     * @return true once its checkpoint has passed the event, false at the timeout
     */
    public boolean awaitPosition(String id, long position, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            if (hasPassed(id, position)) {
                return true;
            }
            long remaining = (deadline - System.nanoTime()) / 1_000_000L;
            if (remaining <= 0) {
                return false;
            }
            synchronized (progress) {
                try {
                    // A local runner's commit wakes us at once; a remote one is seen at the next poll.
                    progress.wait(Math.min(remaining, pause));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /**
     * Moves a subscription's checkpoint so that it handles again every committed event after a position (0: all),
     * and runs its reset hook in the same transaction when this node knows the subscription. Its active runner, on
     * any node, notices at its next batch.
     *
     * @param id       the subscription id
     * @param position the events at or below it that are committed now count as handled
     * @throws IllegalArgumentException if no such subscription exists
     */
    public void reset(String id, long position) {
        Objects.requireNonNull(id, "id must not be null");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE cqrs_subscriptions SET committed_snapshot ="
                            + " CAST(:beginning AS pg_snapshot), window_snapshot = pg_current_snapshot(),"
                            + " window_position = :position, revision = revision + 1, status = 'CATCHING_UP',"
                            + " handled_count = 0, failed_position = NULL, failed_event_type = NULL,"
                            + " failed_error = NULL, failed_at = NULL, updated_at = now() WHERE subscription_id = :id")
                    .bind("beginning", Checkpoint.BEGINNING).bind("position", position).bind("id", id).execute();
            requireExists(handle, id, updated);
            Subscription known = subscriptions.get(id);
            if (known != null) {
                known.resetHook().reset(handle);
            }
        });
    }

    /**
     * Lets a failed subscription try its failing event again, after a fix.
     *
     * @param id the subscription id
     * @throws IllegalArgumentException if no such subscription exists
     */
    public void retry(String id) {
        Objects.requireNonNull(id, "id must not be null");
        jdbi.useTransaction(handle -> requireExists(handle, id, clearFailure(handle, id)));
    }

    /**
     * Records that a subscription skips the event at a position, with a reason, and lets it go on if it failed.
     *
     * @param id       the subscription id
     * @param position the event's position, usually {@link SubscriptionFailure#position()}
     * @param reason   why, kept with the skip for audit
     * @throws IllegalArgumentException if no such subscription exists
     */
    public void skip(String id, long position, String reason) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        jdbi.useTransaction(handle -> {
            handle.createUpdate("INSERT INTO cqrs_subscription_skips (subscription_id, position, reason)"
                            + " VALUES (:id, :position, :reason) ON CONFLICT DO NOTHING")
                    .bind("id", id).bind("position", position).bind("reason", SubscriptionRunner.sanitize(reason))
                    .execute();
            requireExists(handle, id, clearFailure(handle, id));
        });
    }

    private static int clearFailure(Handle handle, String id) {
        return handle.createUpdate("UPDATE cqrs_subscriptions SET status = CASE WHEN status = 'FAILED'"
                        + " THEN 'CATCHING_UP' ELSE status END, failed_position = NULL, failed_event_type = NULL,"
                        + " failed_error = NULL, failed_at = NULL, revision = revision + 1, updated_at = now()"
                        + " WHERE subscription_id = :id")
                .bind("id", id).execute();
    }

    private static void requireExists(Handle handle, String id, int updated) {
        if (updated == 0) {
            List<String> known = handle.createQuery("SELECT subscription_id FROM cqrs_subscriptions ORDER BY 1")
                    .mapTo(String.class).list();
            throw new IllegalArgumentException("No subscription '" + id + "' exists. Known: " + known
                    + ". A subscription's row is created when its runner first starts.");
        }
    }

    private void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** @return the configuration */
    public SubscriptionsConfig config() {
        return config;
    }

    /**
     * Builds {@link Subscriptions}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Jdbi jdbi;
        private final EventCodec codec;
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        private SubscriptionsConfig config = SubscriptionsConfig.defaults();

        private Builder(Jdbi jdbi, EventCodec codec) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
            this.codec = Objects.requireNonNull(codec, "codec must not be null");
        }

        /**
         * Adds a subscription to run on this node.
         *
         * @param subscription the subscription
         * @return this builder
         * @throws IllegalArgumentException if one with the same id is already added
         */
        public Builder add(Subscription subscription) {
            Objects.requireNonNull(subscription, "subscription must not be null");
            if (subscriptions.putIfAbsent(subscription.id(), subscription) != null) {
                throw new IllegalArgumentException("A subscription with id '" + subscription.id() + "' is already"
                        + " added: " + new ArrayList<>(subscriptions.keySet()) + ". Ids must be unique.");
            }
            return this;
        }

        /**
         * Sets the configuration; {@link SubscriptionsConfig#defaults()} otherwise.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(SubscriptionsConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /** @return the subscriptions, not started */
        public Subscriptions build() {
            return new Subscriptions(this);
        }
    }

    @Override
    public String toString() {
        return "Subscriptions" + subscriptions.keySet() + " on " + config.node();
    }
}
