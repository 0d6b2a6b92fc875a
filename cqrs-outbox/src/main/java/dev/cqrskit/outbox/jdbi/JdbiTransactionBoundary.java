package dev.cqrskit.outbox.jdbi;

import dev.cqrskit.core.spi.TransactionBoundary;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in a Jdbi transaction and makes its {@link Handle} available to code on the same thread, so that a
 * command handler's repository writes and outbox appends share one transaction.
 *
 * <pre>{@code
 * JdbiTransactionBoundary transactions = new JdbiTransactionBoundary(jdbi);
 * CommandBus bus = CommandBus.builder().middleware(new TransactionMiddleware(transactions))...;
 * // in a repository:
 * transactions.withHandle(handle -> handle.execute("UPDATE ...", ...));
 * }</pre>
 *
 * <p>A nested {@link #inTransaction} on the same thread joins the open transaction: the outermost call commits, or
 * rolls back if anything inside throws; {@link #isInTransaction()} says which case applies, and
 * {@link #afterCommit(Runnable)} runs work once the owner commits. Work handed to another thread does not see the handle.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class JdbiTransactionBoundary implements TransactionBoundary, HandleSource {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiTransactionBoundary.class);

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    /**
     * Creates the boundary.
     *
     * @param jdbi the database
     */
    public JdbiTransactionBoundary(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
    }

    /**
     * Runs work in a transaction: joins the one open on this thread, or opens one that commits when the work returns
     * and rolls back when it throws.
     *
     * @param work the work
     * @param <T>  its result type
     * @return what the work returned
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work must not be null");
        if (current.get() != null) {
            return work.get();
        }
        return jdbi.inTransaction(handle -> {
            current.set(handle);
            try {
                return work.get();
            } finally {
                current.remove();
            }
        });
    }

    @Override
    public boolean isInTransaction() {
        return current.get() != null;
    }

    /**
     * Runs work with this thread's transaction handle, opening a transaction for it if none is open.
     *
     * @param work receives the handle
     * @param <T>  its result type
     * @return what the work returned
     */
    @Override
    public <T> T withHandle(Function<Handle, T> work) {
        Objects.requireNonNull(work, "work must not be null");
        Handle handle = current.get();
        if (handle != null) {
            return work.apply(handle);
        }
        return inTransaction(() -> work.apply(current.get()));
    }

    /**
     * Runs an action after the transaction open on this thread commits, through Jdbi's {@link Handle#afterCommit}:
     * after the outermost commit when transactions are joined, never on rollback. A failing action is logged; the
     * commit stands.
     *
     * @param action the action
     * @throws IllegalStateException if no transaction is open on this thread
     */
    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        Handle handle = current.get();
        if (handle == null) {
            throw new IllegalStateException("afterCommit needs a transaction open on this thread; call it inside"
                    + " inTransaction(...) or withHandle(...) of this JdbiTransactionBoundary.");
        }
        handle.afterCommit(() -> {
            try {
                action.run();
            } catch (RuntimeException failure) {
                LOG.error("An after-commit action failed; the transaction stays committed", failure);
            }
        });
    }

    /** @return the handle of the transaction open on this thread, if any */
    public Optional<Handle> currentHandle() {
        return Optional.ofNullable(current.get());
    }
}
