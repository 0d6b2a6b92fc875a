package dev.cqrskit.eventstore;

import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The dedicated connection of an active runner: it holds the subscription's session advisory lock (one active
 * runner per id across nodes; the lock goes when the connection does). Its session has server-side TCP keepalives
 * set, so that the database ends it, and frees the lock for a standby, within about {@link #LOST_HOLDER_TIMEOUT}
 * when the holder vanishes without closing its connection (powered off, network cut). Not threadsafe.
 */
final class SubscriptionLock implements AutoCloseable {

    /** The advisory lock key of a subscription, computed by PostgreSQL so every node agrees. */
    static final String KEY = "hashtextextended('cqrs_subscription:' || :id, 0)";

    /**
     * How long the database keeps the session of a holder that went silent: keepalive probes start after 10 s of
     * silence and go every 5 s; the fourth unanswered one (or 30 s of unacknowledged data) ends the session.
     */
    static final Duration LOST_HOLDER_TIMEOUT = Duration.ofSeconds(30);

    private static final String KEEPALIVES = "SELECT set_config('tcp_keepalives_idle', '10', false) AS idle,"
            + " set_config('tcp_keepalives_interval', '5', false) AS interval,"
            + " set_config('tcp_keepalives_count', '4', false) AS count,"
            + " set_config('tcp_user_timeout', '" + LOST_HOLDER_TIMEOUT.toMillis() + "', false) AS user_timeout";

    private final Handle handle;
    private long checkedAt = System.nanoTime();

    private SubscriptionLock(Handle handle) {
        this.handle = handle;
    }

    /**
     * Opens a connection and tries the lock once.
     *
     * @return the lock, or {@code null} when another runner holds it
     */
    static SubscriptionLock tryAcquire(Jdbi jdbi, String id) {
        Handle handle = jdbi.open();
        boolean locked = false;
        try {
            locked = handle.createQuery("SELECT pg_try_advisory_lock(" + KEY + ")").bind("id", id)
                    .mapTo(Boolean.class).one();
            if (!locked) {
                return null;
            }
            handle.createQuery(KEEPALIVES).mapToMap().one();
            return new SubscriptionLock(handle);
        } finally {
            if (!locked) {
                handle.close();
            }
        }
    }

    /** @return the lock's connection, for the runner's short writes outside its batches (a wake-up request) */
    Handle handle() {
        return handle;
    }

    /**
     * Checks that the lock's session is alive, and so that the lock is still held (a session lock goes only with
     * its session); throws when the connection is broken.
     */
    void check() {
        handle.createQuery("SELECT 1").mapTo(Integer.class).one();
        checkedAt = System.nanoTime();
    }

    /** Checks the lock's session as {@link #check()} does if it was last checked longer ago than {@code interval}. */
    void checkEvery(Duration interval) {
        if (System.nanoTime() - checkedAt >= interval.toNanos()) {
            check();
        }
    }

    @Override
    public void close() {
        // A pooled connection outlives this handle: release the lock and reset the session before it goes back. If
        // that fails the connection is broken, and the session's lock went with it.
        try {
            handle.execute("SELECT pg_advisory_unlock_all()");
            handle.execute("RESET tcp_keepalives_idle; RESET tcp_keepalives_interval; RESET tcp_keepalives_count;"
                    + " RESET tcp_user_timeout");
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
