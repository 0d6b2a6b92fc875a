package dev.cqrskit.core.spi;

import dev.cqrskit.core.spi.TransactionBoundary;
import java.util.function.Supplier;

/**
 * Runs work in one transaction: commits when it returns, rolls back when it throws. cqrs-outbox implements it for
 * Jdbi; adapt any transaction manager in a few lines.
 *
 * <p>Implementations are threadsafe and join an enclosing transaction on the same thread if one is open. Work that
 * joins a transaction does not own it: it neither commits nor rolls back, and a failure reaches the owner, which alone
 * may retry the whole unit. {@link #isInTransaction()} tells the two cases apart, so that the retry middleware never
 * retries inside a transaction that PostgreSQL has already aborted.
 *
 * @since 0.1.0
 */
public interface TransactionBoundary {

    /**
     * Runs work in a transaction.
     *
     * @param work the work
     * @param <T>  its result type
     * @return what the work returned, after the commit (or, when joined, after the work)
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Says whether a transaction is open on the calling thread, so that {@link #inTransaction(Supplier)} would join
     * it instead of starting its own.
     *
     * @return whether work here would join an outer transaction
     */
    boolean isInTransaction();
}
