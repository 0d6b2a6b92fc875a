package dev.cqrskit.outbox.internal;

import dev.cqrskit.core.support.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a node's idle workers when writers commit, for any number of workers on one channel: one listener thread
 * LISTENs on a connection of its own and reconnects with backoff when it breaks; a worker that found nothing asks
 * writers to notify through the channel's wake-up row ({@code waiting_until}), which is kept fresh only while some
 * worker is idle and is cleared when a notification arrives (busy workers need none, and NOTIFY serializes the
 * commits of notifying writers); a generation counter means a notification or a fresh request that comes between a
 * worker's "found nothing" and its wait is never lost. Without a channel, or while the listener reconnects, workers
 * poll. A worker's loop:
 *
 * <pre>{@code
 * long seen = wakeup.generation();        // before looking
 * if (lookForWork(handle) == 0 && !wakeup.askToBeWoken(handle)) {
 *     wakeup.await(seen, pollMillis);     // asked just now instead: look once more first
 * }
 * }</pre>
 *
 * <p>This class is threadsafe. {@link #start()} after {@link #stop()} starts a fresh listener.
 */
public final class Wakeup {

    private static final Logger LOG = LoggerFactory.getLogger(Wakeup.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** The listener's own statements are short: a LISTEN and an update that skips a locked row. */
    private static final SessionTimeouts LISTENER_TIMEOUTS = new SessionTimeouts(Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofSeconds(10));
    /** How often the listener looks whether it was stopped while no notification comes. */
    private static final int LISTEN_SLICE_MILLIS = 100;

    /**
     * What to listen to.
     *
     * @param name         thread name prefix and log name, e.g. {@code cqrs-outbox-relay}
     * @param channel      the LISTEN channel, or {@code null} to poll only
     * @param wakeupTable  the one-row table whose {@code waiting_until} asks writers to notify
     * @param pollInterval the longest a worker waits without a notification
     * @param reconnect    the pauses before a broken listener connects again
     */
    public record Settings(String name, String channel, String wakeupTable, Duration pollInterval,
                           Backoff reconnect) {
        /** Validates the parts. */
        public Settings {
            Objects.requireNonNull(name, "name must not be null");
            Objects.requireNonNull(wakeupTable, "wakeupTable must not be null");
            Objects.requireNonNull(pollInterval, "pollInterval must not be null");
            Objects.requireNonNull(reconnect, "reconnect must not be null");
        }
    }

    private final Jdbi jdbi;
    private final Settings settings;
    private final BiConsumer<Throwable, Duration> onFailure;
    private final long validNanos;
    private final long refreshNanos;
    private long generation;
    /** Until when this node's last request holds (System.nanoTime); now or earlier when it must ask again. */
    private long requestValidUntil = System.nanoTime();
    private boolean requesting;
    private Listener listener;

    /**
     * Creates a wake-up; it polls only until {@link #start()}.
     *
     * @param jdbi      where to connect
     * @param settings  what to listen to
     * @param onFailure told when the listener failed and connects again after a pause; must not throw
     */
    public Wakeup(Jdbi jdbi, Settings settings, BiConsumer<Throwable, Duration> onFailure) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure must not be null");
        long poll = settings.pollInterval().toNanos();
        // Valid for two polls and a second, renewed once less than a poll and half a second is left: a worker that
        // asks and then waits a whole poll is covered, and an idle node writes the row about once per poll.
        this.validNanos = 2 * poll + TimeUnit.SECONDS.toNanos(1);
        this.refreshNanos = poll + TimeUnit.MILLISECONDS.toNanos(500);
    }

    /** Starts the listener thread when a channel is set; does nothing when it runs already. */
    public synchronized void start() {
        if (listener == null && settings.channel() != null) {
            listener = new Listener();
            listener.thread.start();
        }
    }

    /** Stops the listener (it stops listening and gives its connection back) and wakes every waiting worker. */
    public void stop() {
        Listener stopping;
        synchronized (this) {
            stopping = listener;
            listener = null;
            requestValidUntil = System.nanoTime();
        }
        signal();
        if (stopping != null) {
            stopping.active = false;
            try {
                stopping.thread.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Tells the generation to pass to {@link #await}; read it before looking for work.
     *
     * @return the number of signals so far
     */
    public synchronized long generation() {
        return generation;
    }

    /** Wakes every waiting worker, e.g. when they should look at their stop flag. */
    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    /**
     * Waits until a signal newer than {@code seen} arrives or the time is up.
     *
     * @param seen   the generation read before the worker last looked for work
     * @param millis the longest wait
     * @throws InterruptedException when interrupted
     */
    public synchronized void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long remaining = millis;
        while (generation == seen && remaining > 0) {
            wait(remaining);
            remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }
    }

    /**
     * Asks writers to notify, unless this node's request still holds for a poll or another worker is asking: writes
     * the wake-up row in a short transaction of its own on the worker's connection. Losing this write costs nothing,
     * so it commits asynchronously, and it waits at most 50 ms for the row's lock: a session holding it must not
     * stall an idle worker, which then simply polls. A request made now also wakes the node's other waiting workers,
     * since a commit just before it did not notify.
     *
     * @param handle the worker's connection, outside any transaction
     * @return true when it asked just now: look for work once more before waiting
     * @throws RuntimeException when the connection fails (not when the row is locked)
     */
    public boolean askToBeWoken(Handle handle) {
        long now = System.nanoTime();
        long before;
        synchronized (this) {
            if (listener == null || requesting || requestValidUntil - now > refreshNanos) {
                return false;
            }
            requesting = true;
            before = generation;
        }
        boolean asked = false;
        try {
            asked = request(handle);
            return asked;
        } finally {
            synchronized (this) {
                requesting = false;
                if (asked) {
                    // A notification meanwhile cleared the row, perhaps after this write: ask again next time.
                    requestValidUntil = generation == before ? now + validNanos : now;
                    generation++;
                    notifyAll();
                }
            }
        }
    }

    private boolean request(Handle handle) {
        long validMillis = TimeUnit.NANOSECONDS.toMillis(validNanos);
        try {
            handle.useTransaction(h -> {
                h.createQuery("SELECT set_config('lock_timeout', '50ms', true) AS lock,"
                        + " set_config('synchronous_commit', 'off', true) AS sync").mapToMap().one();
                h.createUpdate("UPDATE " + settings.wakeupTable()
                                + " SET waiting_until = now() + :millis * interval '1 millisecond'")
                        .bind("millis", validMillis)
                        .execute();
            });
            return true;
        } catch (RuntimeException e) {
            if (!hasSqlState(e, LOCK_NOT_AVAILABLE)) {
                throw e;
            }
            LOG.debug("{}: the wake-up row is locked by another session; polling instead", settings.name());
            return false;
        }
    }

    /** A notification came: the row was cleared (or skipped as locked); workers look and ask again when idle. */
    private synchronized void notified() {
        requestValidUntil = System.nanoTime();
        generation++;
        notifyAll();
    }

    /** One start's listener thread and connection; a restart makes a new one, so a stale thread sees its own flag. */
    private final class Listener {
        private final Thread thread;
        private volatile boolean active = true;

        Listener() {
            thread = new Thread(this::listen, settings.name() + "-listener");
            thread.setDaemon(true);
        }

        private void listen() {
            int failures = 0;
            Handle handle = null;
            while (active) {
                try {
                    if (handle == null) {
                        handle = jdbi.open();
                        LISTENER_TIMEOUTS.applyToSession(handle);
                        handle.execute("LISTEN " + settings.channel());
                        // Notifications sent while not listening are lost: every worker looks once.
                        signal();
                        if (failures > 0) {
                            LOG.info("{} listener listens again after {} failure(s)", settings.name(), failures);
                        }
                        failures = 0;
                    }
                    PGNotification[] notifications = handle.getConnection().unwrap(PGConnection.class)
                            .getNotifications(LISTEN_SLICE_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        // The workers are about to be busy: writers can stop notifying until one waits again. A row
                        // locked by another session is skipped: that costs a few needless notifications, never a wait.
                        handle.useTransaction(h -> h.execute("UPDATE " + settings.wakeupTable()
                                + " SET waiting_until = '-infinity' WHERE ctid IN (SELECT ctid FROM "
                                + settings.wakeupTable() + " FOR UPDATE SKIP LOCKED)"));
                        notified();
                    }
                } catch (Throwable e) {
                    failures++;
                    closeQuietly(handle);
                    handle = null;
                    if (!active) {
                        break;
                    }
                    Duration pause = settings.reconnect().delay(failures);
                    if (e instanceof Error) {
                        LOG.error("{} listener failed with an error; polling every {} until it starts again",
                                settings.name(), settings.pollInterval(), e);
                    } else if (failures == 1) {
                        LOG.warn("{} listener lost its connection; polling every {} until it reconnects: {}",
                                settings.name(), settings.pollInterval(), e.toString());
                    }
                    report(e, pause);
                    sleep(pause);
                }
            }
            if (handle != null) {
                try {
                    handle.execute("UNLISTEN *"); // a pooled connection goes back without our channel
                } catch (RuntimeException ignored) {
                    // broken: the pool discards it
                }
                closeQuietly(handle);
            }
        }

        private void report(Throwable cause, Duration pause) {
            try {
                onFailure.accept(cause, pause);
            } catch (Throwable e) {
                LOG.warn("{}: a listener failed and is ignored: {}", settings.name(), e.toString());
            }
        }

        private void sleep(Duration pause) {
            long deadline = System.nanoTime() + pause.toNanos();
            try {
                while (active && System.nanoTime() - deadline < 0) {
                    Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                active = false;
            }
        }
    }

    /**
     * Tells whether a failure, or one of its causes, is an {@link SQLException} with the given SQL state.
     *
     * @param e     the failure
     * @param state the SQL state, e.g. {@code 55P03}
     * @return whether it is
     */
    static boolean hasSqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
