package dev.cqrskit.core.middleware;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command again when it fails with a {@link ConcurrencyConflictException}, up to
 * {@link RetryPolicy#maxAttempts()} attempts in all, pausing with exponential backoff and jitter between them.
 * Other exceptions pass through at once. When every attempt conflicted, the last conflict is thrown with the earlier
 * ones suppressed. Queries are not retried.
 *
 * <p>Put it outside {@link TransactionMiddleware} so each attempt runs in a fresh transaction and reloads the
 * aggregate. An interrupted pause stops retrying, keeps the interrupt flag and throws the conflict. Threadsafe.
 *
 * @since 0.1.0
 */
public final class RetryMiddleware implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(RetryMiddleware.class);

    private final RetryPolicy policy;

    /**
     * Creates the middleware.
     *
     * @param policy attempts and backoff
     */
    public RetryMiddleware(RetryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        ConcurrencyConflictException last = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                break;
            }
            try {
                return next.invoke(request);
            } catch (ConcurrencyConflictException conflict) {
                if (last != null) {
                    conflict.addSuppressed(last);
                }
                last = conflict;
                LOG.debug("{} conflicted on attempt {} of {}", request.getClass().getSimpleName(), attempt,
                        policy.maxAttempts());
            }
        }
        throw last;
    }

    @Override
    public boolean appliesTo(Class<?> requestType) {
        return Command.class.isAssignableFrom(requestType);
    }

    private boolean pause(int attempt) {
        long nanos = policy.backoffBefore(attempt).toNanos();
        long random = (long) (nanos * policy.jitter() * ThreadLocalRandom.current().nextDouble());
        long sleep = nanos - random;
        if (sleep <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(sleep);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
