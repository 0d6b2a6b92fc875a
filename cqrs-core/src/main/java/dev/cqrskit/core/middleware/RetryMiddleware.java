package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.core.Command;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a command again when it fails with a {@link ConcurrencyConflictException}, up to
 * {@link RetryPolicy#maxAttempts()} attempts in all, pausing with the policy's jittered exponential
 * {@link dev.cqrskit.core.support.Backoff} between them. Other exceptions pass through at once. When every attempt
 * conflicted, the last conflict is thrown with the earlier ones suppressed. Queries are not retried.
 *
 * <p>Put it outside {@link TransactionMiddleware} so each attempt runs in a fresh transaction and reloads the
 * aggregate. Given the {@link TransactionBoundary}, it never retries a command dispatched inside a transaction that
 * is already open on the thread (an inbox consumer's, say): PostgreSQL has aborted that transaction at the conflict,
 * so the conflict goes to the transaction's owner, which retries the whole unit. An interrupted pause stops
 * retrying, keeps the interrupt flag and throws the conflict. Threadsafe.
 * <pre>{@code
 * new RetryMiddleware(RetryPolicy.defaults(), transactions, RetryListener.NONE)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RetryMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(RetryMiddleware.class);

    private static final TransactionBoundary NO_TRANSACTIONS = new TransactionBoundary() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }

        @Override
        public boolean isInTransaction() {
            return false;
        }
    };

    private final RetryPolicy policy;
    private final TransactionBoundary transactions;
    private final RetryListener listener;

    /**
     * Creates a middleware that knows the transaction boundary, so it never retries inside a joined transaction.
     *
     * @param policy       attempts and backoff
     * @param transactions tells whether a dispatch runs inside an open transaction
     * @param listener     hears each retry and each give-up
     */
    public RetryMiddleware(RetryPolicy policy, TransactionBoundary transactions, RetryListener listener) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * Creates a middleware for code without transactions (in-memory stores, tests): it always retries.
     *
     * @param policy attempts and backoff
     */
    public RetryMiddleware(RetryPolicy policy) {
        this(policy, NO_TRANSACTIONS, RetryListener.NONE);
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        if (transactions.isInTransaction()) {
            try {
                return next.invoke(request);
            } catch (ConcurrencyConflictException conflict) {
                notifyGiveUp(request, 1, conflict);
                throw conflict;
            }
        }
        ConcurrencyConflictException last = null;
        int attempt = 1;
        while (true) {
            try {
                return next.invoke(request);
            } catch (ConcurrencyConflictException conflict) {
                if (last != null) {
                    conflict.addSuppressed(last);
                }
                last = conflict;
                LOG.debug("{} conflicted on attempt {} of {}", request.getClass().getSimpleName(), attempt,
                        policy.maxAttempts());
                if (attempt == policy.maxAttempts() || !pause(request, attempt, conflict)) {
                    notifyGiveUp(request, attempt, conflict);
                    throw conflict;
                }
                attempt++;
            }
        }
    }

    @Override
    public boolean appliesTo(Class<?> requestType) {
        return Command.class.isAssignableFrom(requestType);
    }

    private boolean pause(Request<?> request, int attempt, ConcurrencyConflictException conflict) {
        Duration pause = policy.backoff().delay(attempt);
        try {
            listener.onRetry(request, attempt, conflict, pause);
        } catch (RuntimeException listenerFailure) {
            LOG.warn("RetryListener {} failed in onRetry; retrying anyway", listener, listenerFailure);
        }
        if (pause.isZero()) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void notifyGiveUp(Request<?> request, int attempts, Throwable failure) {
        try {
            listener.onGiveUp(request, attempts, failure);
        } catch (RuntimeException listenerFailure) {
            LOG.warn("RetryListener {} failed in onGiveUp", listener, listenerFailure);
        }
    }
}
