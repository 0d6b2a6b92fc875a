package dev.cqrskit.outbox.relay;

import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.internal.DeadlineCalls;
import dev.cqrskit.outbox.internal.PlannerStatistics;
import dev.cqrskit.outbox.internal.RelayEngine;
import dev.cqrskit.outbox.internal.SessionTimeouts;
import java.time.Duration;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox messages to an {@link EventPublisher}: at least once, in order per ordering key, with any
 * number of relays on any number of nodes.
 *
 * <pre>{@code
 * OutboxRelay relay = new OutboxRelay(jdbi, eventBridgePublisher, OutboxRelayConfig.defaults()).start();
 * ...
 * relay.close();   // at shutdown: lets the in-flight batch finish
 * }</pre>
 *
 * <p>How it works: each worker thread claims a batch in a transaction (the heads of up to {@code batchSize} keys are
 * locked with {@code FOR UPDATE SKIP LOCKED}, so relays never share a key), publishes it, deletes the published rows,
 * books failures and commits. A retryable failure reschedules the message with exponential backoff and jitter; a
 * permanent failure, or {@code maxAttempts} failures, parks it, and the later messages of its key wait behind it
 * while other keys flow. An idle worker asks appenders for a notification (they send one per transaction only while
 * some relay waits, because NOTIFY serializes commits) and sleeps until it arrives (LISTEN/NOTIFY) or the poll
 * interval passes. A worker whose connection breaks (the database restarted, the
 * network failed) logs it, waits with backoff and reconnects by itself; whatever it had claimed is released by the
 * database and published again, so consumers must deduplicate on the message id (see {@link Inbox}).
 *
 * <p>Every wait is bounded: a publish call that passes {@code publishDeadline} is abandoned (its messages are retried
 * later, its result discarded), and every relay connection runs with {@code lock_timeout}, {@code statement_timeout}
 * and {@code idle_in_transaction_session_timeout}. A worker that fails in any way, also with an {@link Error}, logs
 * it, tells the {@link RelayListener} and starts again. A systemic failure reported by the publisher pauses
 * publishing with backoff; it never parks a message nor counts an attempt.
 *
 * <p>This class is threadsafe. {@link #start()} and {@link #stop()} (or {@link #close()}) may alternate: a stopped
 * relay starts again with fresh threads and connections.
 *
 * @since 0.1.0
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final String CHANNEL = "cqrs_outbox";

    private final Jdbi jdbi;
    private final OutboxRelayConfig config;
    private final BatchRelayer relayer;
    private final DeadlineCalls calls;
    private final RelayEngine engine;
    /** Whether this run's first worker has looked at the table's planner statistics (several may race: harmless). */
    private volatile boolean statisticsChecked;

    /**
     * Creates a relay without a listener; it does nothing until {@link #start()}.
     *
     * @param jdbi      the database holding {@code cqrs_outbox}
     * @param publisher where messages go
     * @param config    batch size, concurrency, polling, retries, deadlines
     */
    public OutboxRelay(Jdbi jdbi, EventPublisher publisher, OutboxRelayConfig config) {
        this(jdbi, publisher, config, RelayListener.NONE);
    }

    /**
     * Creates a relay; it does nothing until {@link #start()}.
     *
     * <pre>{@code
     * OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.defaults(), new RelayListener() {
     *     public void onParked(SerializedEvent event, String reason) { parked.increment(); }
     * }).start();
     * }</pre>
     *
     * @param jdbi      the database holding {@code cqrs_outbox}
     * @param publisher where messages go
     * @param config    batch size, concurrency, polling, retries, deadlines
     * @param listener  told what the relay does, on its threads; what it throws is logged and ignored
     */
    public OutboxRelay(Jdbi jdbi, EventPublisher publisher, OutboxRelayConfig config, RelayListener listener) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(publisher, "publisher must not be null");
        RelayListener guarded = new GuardedRelayListener(Objects.requireNonNull(listener,
                "listener must not be null"));
        SessionTimeouts timeouts = new SessionTimeouts(config.lockTimeout(), config.statementTimeout(),
                config.idleInTransactionTimeout());
        this.calls = new DeadlineCalls("cqrs-outbox-publish", Math.max(16, config.concurrency() * 16));
        this.relayer = new BatchRelayer(publisher, config, guarded, calls, timeouts);
        RelayEngine.Settings settings = new RelayEngine.Settings("cqrs-outbox-relay", config.concurrency(),
                config.pollInterval(), config.listen() ? CHANNEL : null, "cqrs_outbox_wakeup",
                config.shutdownTimeout(),
                Backoff.of(Duration.ofMillis(100), maxDuration(Duration.ofSeconds(1), config.pollInterval())),
                timeouts);
        this.engine = new RelayEngine(jdbi, settings, new RelayEngine.Batch() {
            @Override
            public int runOnce(Handle handle) {
                if (!statisticsChecked) {
                    statisticsChecked = true;
                    // Here, not in start(), which an application's startup waits for.
                    PlannerStatistics.analyzeIfNeverAnalyzed(handle, "cqrs_outbox", "Claims on a large backlog");
                }
                return relayer.relay(handle, true);
            }

            @Override
            public long pauseNanos() {
                return relayer.pauseNanos();
            }
        }, guarded::onReconnect);
    }

    /**
     * Starts the worker threads (and the listener thread if {@code listen} is on) and returns: the workers connect on
     * their own threads, so a database that is slow to answer or down does not hold up the caller (an application's
     * startup); they log and retry until it answers. A stopped relay starts again.
     *
     * @return this relay
     * @throws IllegalStateException if it is running
     */
    public synchronized OutboxRelay start() {
        if (engine.isRunning()) {
            throw new IllegalStateException("This OutboxRelay is already running. Call stop() or close() before"
                    + " starting it again.");
        }
        engine.stop(); // a run whose worker died: its remains go before a fresh start
        statisticsChecked = false;
        engine.start();
        LOG.info("Outbox relay started: {}", config);
        return this;
    }

    /**
     * Claims, publishes and settles one batch on the calling thread, whether or not the relay is started. Useful in
     * scripts and tests, or to drive relaying from your own scheduler. It sets the relay's timeouts for its own
     * transaction only, and returns 0 while publishing pauses after a systemic failure.
     *
     * @return how many messages it handled (published or failed); 0 when none was due
     * @throws org.jdbi.v3.core.JdbiException if the database fails
     */
    public int relayOnce() {
        return jdbi.withHandle(handle -> relayer.relay(handle, false));
    }

    /**
     * Tells whether the relay works: it was started, not stopped since, and all its worker threads are alive (they
     * survive every failure, so a dead one means the JVM is in trouble).
     *
     * @return whether the relay is running
     */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /**
     * Stops the relay: lets every worker finish its in-flight batch for up to {@code shutdownTimeout}, then aborts
     * the transactions still open (their messages stay in the outbox, to be published again) and interrupts publish
     * calls still running; their results are discarded. Idempotent; {@link #start()} starts the relay again.
     */
    public synchronized void stop() {
        boolean wasRunning = engine.isRunning();
        engine.stop();
        calls.close();
        if (wasRunning) {
            LOG.info("Outbox relay stopped");
        }
    }

    /** Stops the relay, as {@link #stop()} does. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    private static Duration maxDuration(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
