package dev.cqrskit.core.middleware;

import java.util.function.Supplier;

/**
 * Runs work in one transaction: commits when it returns, rolls back when it throws. cqrs-outbox implements it for
 * Jdbi; adapt any transaction manager in a few lines.
 *
 * <p>Implementations are threadsafe and join an enclosing transaction on the same thread if one is open.
 *
 * @since 0.1.0
 */
public interface TransactionBoundary {

    /**
     * Runs work in a transaction.
     *
     * @param work the work
     * @param <T>  its result type
     * @return what the work returned, after the commit
     */
    <T> T inTransaction(Supplier<T> work);
}
