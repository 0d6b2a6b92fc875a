package dev.cqrskit.micrometer;

import dev.cqrskit.core.Request;
import dev.cqrskit.core.spi.RetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts retries ({@code cqrs.retry.attempts}) and give-ups ({@code cqrs.retry.exhausted}) per command type. */
final class RetryCounters implements RetryListener {

    private final MeterRegistry registry;
    private final Map<Class<?>, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> exhausted = new ConcurrentHashMap<>();

    RetryCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRetry(Request<?> request, int attempt, Throwable failure, Duration pause) {
        counter(attempts, CqrsMetrics.RETRY_ATTEMPTS, "Retries scheduled by RetryMiddleware after a failed attempt",
                request.getClass()).increment();
    }

    @Override
    public void onGiveUp(Request<?> request, int attempts, Throwable failure) {
        counter(exhausted, CqrsMetrics.RETRY_EXHAUSTED,
                "Commands whose failure RetryMiddleware let reach the caller", request.getClass()).increment();
    }

    private Counter counter(Map<Class<?>, Counter> cache, String name, String description, Class<?> type) {
        Counter counter = cache.get(type);
        if (counter == null) {
            counter = cache.computeIfAbsent(type, key -> Counter.builder(name)
                    .description(description)
                    .tag(MeterTags.TYPE, MeterTags.nameOf(key))
                    .register(registry));
        }
        return counter;
    }
}
