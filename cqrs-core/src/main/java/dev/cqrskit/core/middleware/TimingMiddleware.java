package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.spi.DispatchListener;
import dev.cqrskit.core.Request;

import java.util.Objects;

/**
 * Measures each dispatch with {@link System#nanoTime()} and reports it to {@link DispatchListener}, on success and on
 * failure alike.
 *
 * <pre>{@code
 * Timer.Builder timer = Timer.builder("cqrs.dispatch");
 * new TimingMiddleware((type, nanos, failure) -> timer.tag("type", type.getSimpleName())
 *         .tag("outcome", failure == null ? "success" : "failure")
 *         .register(registry).record(nanos, TimeUnit.NANOSECONDS));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TimingMiddleware implements Middleware {

    private final DispatchListener metrics;

    /**
     * Creates the middleware.
     *
     * @param metrics receives the measurements
     */
    public TimingMiddleware(DispatchListener metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        long start = System.nanoTime();
        Object result;
        try {
            result = next.invoke(request);
        } catch (RuntimeException | Error failure) {
            metrics.onDispatch(request.getClass(), System.nanoTime() - start, failure);
            throw failure;
        }
        metrics.onDispatch(request.getClass(), System.nanoTime() - start, null);
        return result;
    }
}
