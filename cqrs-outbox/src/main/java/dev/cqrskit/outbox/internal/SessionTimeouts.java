package dev.cqrskit.outbox.internal;

import java.time.Duration;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The server-side limits every relay connection runs under, so that no lock wait, statement or idle transaction of
 * a relay can last forever: {@code lock_timeout}, {@code statement_timeout}, {@code idle_in_transaction_session_timeout}.
 * The relay's own writes also commit with {@code synchronous_commit = off} (see docs/outbox.md for why that is safe).
 *
 * @param lockTimeout              longest wait for a row or table lock
 * @param statementTimeout         longest statement
 * @param idleInTransactionTimeout longest pause inside a transaction (a publish call runs inside one)
 */
public record SessionTimeouts(Duration lockTimeout, Duration statementTimeout, Duration idleInTransactionTimeout) {

    /** Validates the parts. */
    public SessionTimeouts {
        Objects.requireNonNull(lockTimeout, "lockTimeout must not be null");
        Objects.requireNonNull(statementTimeout, "statementTimeout must not be null");
        Objects.requireNonNull(idleInTransactionTimeout, "idleInTransactionTimeout must not be null");
    }

    /**
     * Sets the limits for the whole session of a connection the relay owns.
     *
     * @param handle the relay's own connection
     */
    public void applyToSession(Handle handle) {
        handle.createQuery(SELECT_SET_CONFIG).bind("lock", millis(lockTimeout))
                .bind("statement", millis(statementTimeout)).bind("idle", millis(idleInTransactionTimeout))
                .bind("local", false).mapTo(String.class).one();
    }

    /**
     * Sets the limits for the current transaction only, on a connection the relay borrows.
     *
     * @param handle a handle inside a transaction
     */
    public void applyToTransaction(Handle handle) {
        handle.createQuery(SELECT_SET_CONFIG).bind("lock", millis(lockTimeout))
                .bind("statement", millis(statementTimeout)).bind("idle", millis(idleInTransactionTimeout))
                .bind("local", true).mapTo(String.class).one();
    }

    private static final String SELECT_SET_CONFIG = "SELECT set_config('lock_timeout', :lock, :local),"
            + " set_config('statement_timeout', :statement, :local),"
            + " set_config('idle_in_transaction_session_timeout', :idle, :local),"
            + " set_config('synchronous_commit', 'off', :local)";

    private static String millis(Duration duration) {
        return Math.max(1, duration.toMillis()) + "ms";
    }
}
