package dev.cqrskit.core.spi;

import dev.cqrskit.core.Request;

import java.time.Duration;

/**
 * Hears what the retry middleware does: a retry scheduled after a failure, or retries given up.
 *
 * <p>Implementations are threadsafe and fast: they run on the dispatching thread. A listener that throws does not
 * change the dispatch's outcome; the failure is logged.
 *
 * @since 0.1.0
 */
public interface RetryListener {

    /** A listener that ignores everything. */
    RetryListener NONE = new RetryListener() {
    };

    /**
     * Called before the pause that precedes another attempt.
     *
     * @param request the command being retried
     * @param attempt the attempt that failed, 1 for the first
     * @param failure why it failed
     * @param pause   how long the middleware waits before the next attempt
     */
    default void onRetry(Request<?> request, int attempt, Throwable failure, Duration pause) {
    }

    /**
     * Called when the middleware stops retrying and lets the failure reach the caller: every attempt failed, the
     * pause was interrupted, or the command ran inside a transaction it joined (which only its owner may retry).
     *
     * @param request  the command
     * @param attempts how many attempts ran
     * @param failure  the failure that reaches the caller
     */
    default void onGiveUp(Request<?> request, int attempts, Throwable failure) {
    }
}
