package dev.cqrskit.outbox.relay;

import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.core.publish.EventPublisher;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
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
 * <p>This class is threadsafe. {@link #start()} once, {@link #close()} once.
 *
 * @since 0.1.0
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final String CHANNEL = "cqrs_outbox";

    private final Jdbi jdbi;
    private final OutboxRelayConfig config;
    private final BatchRelayer relayer;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicReferenceArray<Handle> workerHandles;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Handle listenerHandle;
    private volatile boolean running;
    private boolean started;

    /**
     * Creates a relay; it does nothing until {@link #start()}.
     *
     * @param jdbi      the database holding {@code cqrs_outbox}
     * @param publisher where messages go
     * @param config    batch size, concurrency, polling, retries
     */
    public OutboxRelay(Jdbi jdbi, EventPublisher publisher, OutboxRelayConfig config) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.relayer = new BatchRelayer(publisher, config);
        this.workerHandles = new AtomicReferenceArray<>(config.concurrency());
    }

    /**
     * Starts the worker threads (and the listener thread if {@code listen} is on).
     *
     * @return this relay
     * @throws IllegalStateException if it was started or closed before
     */
    public synchronized OutboxRelay start() {
        if (started) {
            throw new IllegalStateException("This OutboxRelay was already started or closed; a relay starts once."
                    + " Create a new OutboxRelay instead.");
        }
        started = true;
        running = true;
        analyzeIfNeverAnalyzed();
        for (int i = 0; i < config.concurrency(); i++) {
            int worker = i;
            threads.add(thread("cqrs-outbox-relay-" + i, () -> runWorker(worker)));
        }
        if (config.listen()) {
            threads.add(thread("cqrs-outbox-listener", this::runListener));
        }
        threads.forEach(Thread::start);
        LOG.info("Outbox relay started: {}", config);
        return this;
    }

    /**
     * Gives the planner statistics for an outbox table that has never had any. Without them PostgreSQL guesses the
     * claim query's selectivity, and a relay started on a large backlog in a fresh database drained about 2,500
     * events/s instead of 90,000 until autovacuum analyzed the table a minute later (docs/benchmarks.md).
     * {@code reltuples < 0} means never analyzed nor vacuumed. A failure here is logged, never fatal.
     */
    private void analyzeIfNeverAnalyzed() {
        try {
            jdbi.useHandle(handle -> {
                boolean never = handle.createQuery("SELECT reltuples < 0 FROM pg_class"
                                + " WHERE oid = to_regclass('cqrs_outbox')")
                        .mapTo(Boolean.class).findOne().orElse(false);
                if (never) {
                    handle.execute("ANALYZE cqrs_outbox");
                    LOG.info("Analyzed cqrs_outbox, which had no planner statistics yet");
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not check or ANALYZE cqrs_outbox's planner statistics: {}. Claims may be slow on a large"
                    + " backlog until autovacuum analyzes the table.", e.getMessage());
        }
    }

    /**
     * Claims, publishes and settles one batch on the calling thread, whether or not the relay is started. Useful in
     * scripts and tests, or to drive relaying from your own scheduler.
     *
     * @return how many messages it handled (published or failed); 0 when none was due
     * @throws org.jdbi.v3.core.JdbiException if the database fails
     */
    public int relayOnce() {
        return jdbi.withHandle(relayer::relay);
    }

    /** @return whether the relay is started and not closed */
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops the relay: lets every worker finish its in-flight batch for up to {@code shutdownTimeout}, then aborts
     * the transactions still open (their messages stay in the outbox, to be published again). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            started = true; // a relay closed before it started never starts
            if (!running) {
                return;
            }
            running = false;
        }
        wakeup.signal();
        closeQuietly(listenerHandle);
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        for (Thread thread : threads) {
            long remaining = deadline - System.nanoTime();
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = 0; i < workerHandles.length(); i++) {
            abort(workerHandles.get(i));
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        LOG.info("Outbox relay stopped");
    }

    private void runWorker(int worker) {
        int failures = 0;
        while (running) {
            long seen = wakeup.generation();
            try {
                Handle handle = workerHandles.get(worker);
                if (handle == null) {
                    handle = jdbi.open();
                    workerHandles.set(worker, handle);
                }
                int handled = relayer.relay(handle);
                if (failures > 0) {
                    LOG.info("Outbox relay worker {} is connected again after {} failed attempt(s)", worker, failures);
                    failures = 0;
                }
                if (handled == 0 && config.listen()) {
                    // Ask appenders to notify, then look once more: a row committed before they saw the request
                    // is found now, not one poll interval later.
                    markWaiting(handle);
                    handled = relayer.relay(handle);
                }
                if (handled == 0) {
                    wakeup.await(seen, config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                failures++;
                closeQuietly(workerHandles.getAndSet(worker, null));
                if (!running) {
                    break;
                }
                long pause = pauseAfter(failures);
                if (failures == 1) {
                    LOG.warn("Outbox relay worker {} failed; its claims are released and it reconnects in {} ms: {}",
                            worker, pause, e.toString());
                } else {
                    LOG.debug("Outbox relay worker {} failed again ({} times): {}", worker, failures, e.toString());
                }
                if (!sleep(pause)) {
                    break;
                }
            }
        }
        closeQuietly(workerHandles.getAndSet(worker, null));
    }

    private void runListener() {
        int failures = 0;
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.pollInterval().toMillis());
        while (running) {
            try {
                Handle handle = listenerHandle;
                if (handle == null) {
                    handle = jdbi.open();
                    handle.execute("LISTEN " + CHANNEL);
                    listenerHandle = handle;
                    if (!running) {
                        break;
                    }
                    // Notifications sent while not listening are lost: look once.
                    wakeup.signal();
                    failures = 0;
                }
                PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
                PGNotification[] notifications = connection.getNotifications(timeout);
                if (notifications != null && notifications.length > 0) {
                    // The workers are about to be busy: appenders can stop notifying until one waits again.
                    handle.useTransaction(h -> {
                        h.execute("SET LOCAL synchronous_commit TO off");
                        h.execute("UPDATE cqrs_outbox_wakeup SET waiting_until = '-infinity'");
                    });
                    wakeup.signal();
                }
            } catch (SQLException | RuntimeException e) {
                failures++;
                closeQuietly(listenerHandle);
                listenerHandle = null;
                if (!running) {
                    break;
                }
                if (failures == 1) {
                    LOG.warn("Outbox relay listener lost its connection; polling every {} until it reconnects: {}",
                            config.pollInterval(), e.toString());
                }
                if (!sleep(pauseAfter(failures))) {
                    break;
                }
            }
        }
        closeQuietly(listenerHandle);
        listenerHandle = null;
    }

    /** Tells appenders a relay waits, until a little after its next poll; losing this write costs nothing. */
    private void markWaiting(Handle handle) {
        long validMillis = config.pollInterval().toMillis() * 2 + 1_000;
        handle.useTransaction(h -> {
            h.execute("SET LOCAL synchronous_commit TO off");
            h.createUpdate("UPDATE cqrs_outbox_wakeup SET waiting_until = now() + :millis * interval '1 millisecond'")
                    .bind("millis", validMillis)
                    .execute();
        });
    }

    private long pauseAfter(int failures) {
        long pause = 100L << Math.min(failures - 1, 6);
        return Math.min(pause, Math.max(1000L, config.pollInterval().toMillis()));
    }

    private boolean sleep(long millis) {
        try {
            wakeupFreeSleep(millis);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void wakeupFreeSleep(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (running && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes the connection under a worker still in its batch: the database rolls back and releases its claims. */
    private static void abort(Handle handle) {
        if (handle != null) {
            try {
                handle.getConnection().close();
            } catch (SQLException | RuntimeException ignored) {
                // already broken: the database has released the claims
            }
            closeQuietly(handle);
        }
    }

    private static void closeQuietly(Handle handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException ignored) {
                // The connection is broken or already closed: nothing left to release.
            }
        }
    }
}
