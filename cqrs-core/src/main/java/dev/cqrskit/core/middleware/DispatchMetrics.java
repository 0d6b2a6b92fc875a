package dev.cqrskit.core.middleware;

/**
 * Receives the duration and outcome of each dispatch from {@link TimingMiddleware}; adapt it to Micrometer,
 * OpenTelemetry or a log.
 *
 * <p>Implementations are threadsafe and fast: they run on the dispatching thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DispatchMetrics {

    /**
     * Records one dispatch.
     *
     * @param requestType  the command or query class
     * @param elapsedNanos how long the rest of the chain took
     * @param failure      the exception it threw, or {@code null} on success
     */
    void record(Class<?> requestType, long elapsedNanos, Throwable failure);
}
