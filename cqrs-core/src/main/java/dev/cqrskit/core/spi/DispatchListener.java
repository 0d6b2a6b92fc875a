package dev.cqrskit.core.spi;

import dev.cqrskit.core.spi.DispatchListener;
/**
 * Receives the duration and outcome of each dispatch from {@code TimingMiddleware}; adapt it to Micrometer,
 * OpenTelemetry or a log (cqrs-micrometer does).
 *
 * <p>Implementations are threadsafe and fast: they run on the dispatching thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DispatchListener {

    /**
     * Records one dispatch.
     *
     * @param requestType  the command or query class
     * @param elapsedNanos how long the rest of the chain took
     * @param failure      the exception it threw, or {@code null} on success
     */
    void onDispatch(Class<?> requestType, long elapsedNanos, Throwable failure);
}
