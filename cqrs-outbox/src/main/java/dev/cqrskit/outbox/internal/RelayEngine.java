package dev.cqrskit.outbox.internal;

import dev.cqrskit.core.support.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a claim/process function on worker threads until stopped: each worker owns a connection (with
 * {@link SessionTimeouts}), runs a {@link Batch} again and again while there is work, and, when there is none, asks
 * writers for a notification through a wake-up row and waits for it or for the poll interval: one {@link Wakeup}
 * (a LISTEN connection and thread) serves all the engine's workers. A
 * worker or listener whose connection breaks, or that fails in any other way (also with an {@link Error}), logs it,
 * reports it, waits with backoff and starts again on a fresh connection; the database releases whatever its
 * transaction held. {@link #start()} after {@link #stop()} starts a fresh set of threads. This class is threadsafe.
 */
public final class RelayEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RelayEngine.class);

    /** The work a worker does: one transaction's worth, on the worker's own connection. */
    @FunctionalInterface
    public interface Batch {

        /**
         * Claims and processes one batch.
         *
         * @param handle the worker's connection, with its session timeouts set, outside any transaction
         * @return how many items it handled; 0 when there was nothing to do
         */
        int runOnce(Handle handle);

        /**
         * Tells how long workers should wait before the next batch, without asking for a notification (a paused
         * publisher); 0, the default, when they may work.
         *
         * @return nanoseconds to wait
         */
        default long pauseNanos() {
            return 0;
        }
    }

    /**
     * How the engine runs.
     *
     * @param name            thread name prefix and log name, e.g. {@code cqrs-outbox-relay}
     * @param workers         worker threads
     * @param pollInterval    how long an idle worker waits without a notification
     * @param channel         the LISTEN channel, or {@code null} to poll only
     * @param wakeupTable     the one-row table whose {@code waiting_until} asks writers to notify
     * @param shutdownTimeout how long {@link #stop()} lets workers finish their batch
     * @param reconnect       the pauses before a failed worker starts again
     * @param timeouts        the limits set on every worker's connection
     */
    public record Settings(String name, int workers, Duration pollInterval, String channel, String wakeupTable,
                           Duration shutdownTimeout, Backoff reconnect, SessionTimeouts timeouts) {
        /** Validates the parts. */
        public Settings {
            new Wakeup.Settings(name, channel, wakeupTable, pollInterval, reconnect);
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
            Objects.requireNonNull(timeouts, "timeouts must not be null");
        }

        /** @return what the engine's wake-up listens to */
        Wakeup.Settings wakeup() {
            return new Wakeup.Settings(name, channel, wakeupTable, pollInterval, reconnect);
        }
    }

    private final Jdbi jdbi;
    private final Settings settings;
    private final Batch batch;
    private final BiConsumer<Throwable, Duration> onRestart;
    private Run run;

    /**
     * Creates an engine; it does nothing until {@link #start()}.
     *
     * @param jdbi      where to connect
     * @param settings  how to run
     * @param batch     the work
     * @param onRestart told when a worker failed and restarts after a pause; must not throw
     */
    public RelayEngine(Jdbi jdbi, Settings settings, Batch batch, BiConsumer<Throwable, Duration> onRestart) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.batch = Objects.requireNonNull(batch, "batch must not be null");
        this.onRestart = Objects.requireNonNull(onRestart, "onRestart must not be null");
    }

    /**
     * Starts the workers (and the listener when a channel is set).
     *
     * @return whether it started; false when it was running already
     */
    public synchronized boolean start() {
        if (run != null) {
            return false;
        }
        run = new Run();
        run.start();
        return true;
    }

    /** @return whether the engine was started, is not stopped, and every worker thread is alive */
    public synchronized boolean isRunning() {
        return run != null && run.alive();
    }

    /**
     * Stops the workers: lets each finish its batch for up to the shutdown timeout, then closes the connections of
     * those still busy (the database rolls their transactions back) and interrupts them. Idempotent.
     */
    public void stop() {
        Run stopping;
        synchronized (this) {
            stopping = run;
            run = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** The threads and connections of one start; a restart makes a new one, so a stale thread sees its own flag. */
    private final class Run {
        private volatile boolean active = true;
        private final Wakeup wakeup = new Wakeup(jdbi, settings.wakeup(), RelayEngine.this::report);
        private final AtomicReferenceArray<Handle> handles = new AtomicReferenceArray<>(settings.workers());
        private final List<Thread> workers = new ArrayList<>();

        void start() {
            for (int i = 0; i < settings.workers(); i++) {
                int worker = i;
                workers.add(thread(settings.name() + "-" + i, () -> work(worker)));
            }
            wakeup.start();
            workers.forEach(Thread::start);
        }

        boolean alive() {
            if (!active) {
                return false;
            }
            for (Thread worker : workers) {
                if (!worker.isAlive()) {
                    return false;
                }
            }
            return true;
        }

        void stop() {
            active = false;
            wakeup.signal();
            long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
            join(deadline);
            for (int i = 0; i < handles.length(); i++) {
                abort(handles.get(i));
            }
            workers.forEach(Thread::interrupt);
            join(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            wakeup.stop();
        }

        private void join(long deadline) {
            for (Thread thread : workers) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void work(int worker) {
            int failures = 0;
            while (active) {
                long seen = wakeup.generation();
                try {
                    long pause = batch.pauseNanos();
                    if (pause > 0) {
                        wakeup.await(seen, Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(pause),
                                settings.pollInterval().toMillis())));
                        continue;
                    }
                    Handle handle = handles.get(worker);
                    if (handle == null) {
                        handle = jdbi.open();
                        handles.set(worker, handle);
                        settings.timeouts().applyToSession(handle);
                    }
                    int handled = batch.runOnce(handle);
                    if (failures > 0) {
                        LOG.info("{} worker {} works again after {} failure(s)", settings.name(), worker, failures);
                        failures = 0;
                    }
                    if (handled == 0 && batch.pauseNanos() == 0 && !wakeup.askToBeWoken(handle)) {
                        wakeup.await(seen, settings.pollInterval().toMillis());
                    }
                    // asked just now: look once more, a row committed before writers saw the request did not notify
                } catch (InterruptedException e) {
                    if (!active) {
                        break;
                    }
                } catch (Throwable e) {
                    failures++;
                    closeQuietly(handles.getAndSet(worker, null));
                    if (!active) {
                        break;
                    }
                    Duration pause = settings.reconnect().delay(failures);
                    if (e instanceof Error) {
                        LOG.error("{} worker {} failed with an error; it starts again in {} ms", settings.name(),
                                worker, pause.toMillis(), e);
                    } else if (failures == 1) {
                        LOG.warn("{} worker {} failed; its claims are released and it starts again in {} ms: {}",
                                settings.name(), worker, pause.toMillis(), e.toString());
                    } else {
                        LOG.debug("{} worker {} failed again ({} times): {}", settings.name(), worker, failures,
                                e.toString());
                    }
                    report(e, pause);
                    if (!sleep(pause)) {
                        break;
                    }
                }
            }
            closeQuietly(handles.getAndSet(worker, null));
        }

        private boolean sleep(Duration pause) {
            long deadline = System.nanoTime() + pause.toNanos();
            try {
                while (active && System.nanoTime() < deadline) {
                    Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
                }
                return active;
            } catch (InterruptedException e) {
                return active;
            }
        }
    }

    private void report(Throwable cause, Duration pause) {
        try {
            onRestart.accept(cause, pause);
        } catch (Throwable e) {
            LOG.warn("{}: a listener failed and is ignored: {}", settings.name(), e.toString());
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
