package dev.cqrskit.outbox.jdbi;

import org.jdbi.v3.core.Handle;

import java.util.function.Function;

/**
 * Gives repositories the {@link Handle} of the transaction open on the calling thread, and runs work after that
 * transaction commits. {@link JdbiTransactionBoundary} implements it on a {@code Jdbi}; an adapter over a
 * container-managed transaction (Spring's, say) implements it to let repositories and the outbox join that one.
 *
 * <p>Implementations are threadsafe.
 *
 * @since 0.1.0
 */
public interface HandleSource {

    /**
     * Runs work with the handle of the transaction open on this thread, or in a transaction of its own that commits
     * when the work returns and rolls back when it throws.
     *
     * @param work receives the handle
     * @param <T>  its result type
     * @return what the work returned
     */
    <T> T withHandle(Function<Handle, T> work);

    /**
     * Runs an action once the transaction open on this thread commits; never if it rolls back. The action runs on
     * the committing thread after the commit; a failure in it is logged and does not undo the commit.
     *
     * @param action the action
     * @throws IllegalStateException if no transaction is open on this thread
     */
    void afterCommit(Runnable action);

    /**
     * Says whether a transaction is open on the calling thread, so that {@link #withHandle(Function)} would join it.
     *
     * @return whether work here would join an outer transaction
     */
    boolean isInTransaction();
}
