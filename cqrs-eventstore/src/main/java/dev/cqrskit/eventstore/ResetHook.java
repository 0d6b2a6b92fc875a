package dev.cqrskit.eventstore;

import org.jdbi.v3.core.Handle;

/**
 * Prepares a subscription's read model for a fresh start, in the transaction that sets its checkpoint: when the
 * subscription is first created and whenever {@link Subscriptions#reset} moves it.
 *
 * <pre>{@code
 * ResetHook hook = handle -> handle.execute("TRUNCATE user_directory");
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ResetHook {

    /** A hook that does nothing. */
    ResetHook NONE = handle -> {
    };

    /**
     * Prepares the read model.
     *
     * @param handle the transaction that also sets the checkpoint
     */
    void reset(Handle handle);
}
