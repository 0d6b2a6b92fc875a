package dev.cqrskit.eventstore;

import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * The dedicated connection of an active runner: it holds the subscription's session advisory lock (one active
 * runner per id across nodes; the lock goes when the connection does) and LISTENs for appends. Not threadsafe.
 */
final class SubscriptionLock implements AutoCloseable {

    /** The advisory lock key of a subscription, computed by PostgreSQL so every node agrees. */
    static final String KEY = "hashtextextended('cqrs_subscription:' || :id, 0)";

    private final Handle handle;
    private final PGConnection connection;
    private long wakeupValidUntil;

    private SubscriptionLock(Handle handle, PGConnection connection) {
        this.handle = handle;
        this.connection = connection;
    }

    /**
     * Opens a connection and tries the lock once.
     *
     * @return the lock, or {@code null} when another runner holds it
     */
    static SubscriptionLock tryAcquire(Jdbi jdbi, String id) throws SQLException {
        Handle handle = jdbi.open();
        boolean locked = false;
        try {
            locked = handle.createQuery("SELECT pg_try_advisory_lock(" + KEY + ")").bind("id", id)
                    .mapTo(Boolean.class).one();
            if (!locked) {
                return null;
            }
            handle.execute("LISTEN cqrs_events");
            return new SubscriptionLock(handle, handle.getConnection().unwrap(PGConnection.class));
        } finally {
            if (!locked) {
                handle.close();
            }
        }
    }

    /**
     * Makes sure appends notify for a while longer. Returns {@code true} when it had to refresh the flag: the caller
     * then reads again before waiting, since a commit just before the refresh did not notify.
     */
    boolean keepWakeupAlive(Duration pollInterval) {
        long now = System.nanoTime();
        if (now - wakeupValidUntil < 0) {
            return false;
        }
        long millis = pollInterval.toMillis() * 4;
        handle.execute("UPDATE cqrs_events_wakeup SET waiting_until = now() + make_interval(secs => ?)",
                millis / 1000.0);
        wakeupValidUntil = now + Duration.ofMillis(millis - pollInterval.toMillis()).toNanos();
        return true;
    }

    /**
     * Checks that the lock's session is alive, and so that the lock is still held (a session lock goes only with
     * its session); throws when the connection is broken.
     */
    void check() {
        handle.createQuery("SELECT 1").mapTo(Integer.class).one();
    }

    /** Waits up to {@code millis} for an append notification; a broken connection throws. */
    void awaitAppend(long millis) throws SQLException {
        connection.getNotifications((int) Math.max(1, millis));
    }

    @Override
    public void close() {
        // A pooled connection outlives this handle: release the lock and stop listening before it goes back. If
        // that fails the connection is broken, and the session's lock went with it.
        try {
            handle.execute("SELECT pg_advisory_unlock_all()");
            handle.execute("UNLISTEN *");
        } catch (RuntimeException ignored) {
            // the connection is gone already, and the lock with it
        }
        try {
            handle.close();
        } catch (RuntimeException ignored) {
            // the connection is gone already, and the lock with it
        }
    }
}
