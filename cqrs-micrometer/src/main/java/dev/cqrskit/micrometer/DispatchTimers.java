package dev.cqrskit.micrometer;

import dev.cqrskit.core.spi.DispatchListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records each dispatch in the timer {@code cqrs.dispatch}. Timers are registered on first use and kept per request
 * type, so a dispatch costs two map reads and no registry lookup.
 */
final class DispatchTimers implements DispatchListener {

    private final MeterRegistry registry;
    private final Map<Class<?>, TypeTimers> byType = new ConcurrentHashMap<>();

    DispatchTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDispatch(Class<?> requestType, long elapsedNanos, Throwable failure) {
        TypeTimers timers = byType.get(requestType);
        if (timers == null) {
            timers = byType.computeIfAbsent(requestType, type -> new TypeTimers(registry, MeterTags.nameOf(type)));
        }
        timers.timerFor(failure).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** The timers of one request type: one for success, one per exception class. */
    private static final class TypeTimers {

        private final MeterRegistry registry;
        private final String type;
        private final Timer success;
        private final Map<Class<?>, Timer> failures = new ConcurrentHashMap<>();

        TypeTimers(MeterRegistry registry, String type) {
            this.registry = registry;
            this.type = type;
            this.success = timer(MeterTags.SUCCESS, MeterTags.NONE);
        }

        Timer timerFor(Throwable failure) {
            if (failure == null) {
                return success;
            }
            Timer timer = failures.get(failure.getClass());
            if (timer == null) {
                timer = failures.computeIfAbsent(failure.getClass(),
                        exception -> timer(MeterTags.FAILURE, MeterTags.nameOf(exception)));
            }
            return timer;
        }

        private Timer timer(String outcome, String exception) {
            return Timer.builder(CqrsMetrics.DISPATCH)
                    .description("Dispatches of commands and queries through TimingMiddleware")
                    .tag(MeterTags.TYPE, type)
                    .tag(MeterTags.OUTCOME, outcome)
                    .tag(MeterTags.EXCEPTION, exception)
                    .register(registry);
        }
    }
}
