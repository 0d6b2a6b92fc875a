package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.outbox.jdbi.HandleSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The outbox's {@link HandleSource} and the buses' {@link TransactionBoundary} on Spring-managed transactions: inside a
 * {@code @Transactional} method or a {@code TransactionTemplate} it hands out one Jdbi {@link Handle} on the
 * transaction's connection, so outbox rows commit or roll back with whatever {@code JdbcTemplate}, JPA on the same
 * {@code DataSource} or Jdbi wrote; outside one it starts a transaction with the application's transaction manager.
 * After-commit work is registered on the Spring transaction. Threadsafe.
 *
 * <p>The {@link Jdbi} must open connections through Spring ({@code DataSourceUtils}), as the auto-configured one does.
 * <pre>{@code
 * @Transactional
 * public void register(Thing thing) {
 *     jdbcTemplate.update("INSERT INTO things (name) VALUES (?)", thing.name());
 *     handles.withHandle(handle -> { outbox.append(handle, thing.name(), events); return null; });
 * }   // both rows commit, or neither
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SpringTransactions implements HandleSource, TransactionBoundary {

    private static final Logger LOG = LoggerFactory.getLogger(SpringTransactions.class);

    private final Supplier<Jdbi> jdbi;
    private final TransactionTemplate transactions;

    /**
     * Creates the adapter.
     *
     * @param jdbi         a Jdbi opening connections through {@code DataSourceUtils}, not null
     * @param transactions starts a transaction when none is active, not null
     */
    public SpringTransactions(Jdbi jdbi, TransactionTemplate transactions) {
        this(SingletonSupplier.of(Objects.requireNonNull(jdbi, "jdbi must not be null")), transactions);
    }

    /**
     * Creates the adapter on a Jdbi looked up when the first handle is opened, so that {@code Jdbi.create} (some 320
     * classes) stays off the startup of an application that opens none while it starts.
     */
    SpringTransactions(Supplier<Jdbi> jdbi, TransactionTemplate transactions) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work must not be null");
        if (isInTransaction()) {
            return work.get();
        }
        return transactions.execute(status -> work.get());
    }

    @Override
    public boolean isInTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public <T> T withHandle(Function<Handle, T> work) {
        Objects.requireNonNull(work, "work must not be null");
        if (!isInTransaction()) {
            return inTransaction(() -> work.apply(boundHandle()));
        }
        return work.apply(boundHandle());
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        if (!isInTransaction() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("afterCommit needs a Spring transaction on this thread; call it inside a"
                    + " @Transactional method, a TransactionTemplate or withHandle(...).");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    action.run();
                } catch (RuntimeException failure) {
                    LOG.error("An after-commit action failed; the transaction stays committed", failure);
                }
            }
        });
    }

    /** One handle per transaction, closed when the transaction completes: Jdbi never ends Spring's transaction. */
    private Handle boundHandle() {
        Handle handle = (Handle) TransactionSynchronizationManager.getResource(this);
        if (handle == null) {
            Handle opened = jdbi.get().open();
            // The transaction belongs to Spring: the handle must not roll it back when it closes.
            opened.getConfig(Handles.class).setForceEndTransactions(false);
            TransactionSynchronizationManager.bindResource(this, opened);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SpringTransactions.this);
                    opened.close();
                }
            });
            handle = opened;
        }
        return handle;
    }
}
