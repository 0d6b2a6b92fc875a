package dev.cqrskit.micrometer;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.spi.EventBusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts subscribers that threw ({@code cqrs.eventbus.subscriber.failures}), tagged by event type and exception
 * class. The subscriber's description is left out: it may name a lambda, and it is in the bus's log line.
 */
final class SubscriberFailureCounter implements EventBusListener {

    private final MeterRegistry registry;
    private final Map<List<Class<?>>, Counter> counters = new ConcurrentHashMap<>();

    SubscriberFailureCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onSubscriberFailed(EventMessage<?> message, String subscriber, Throwable failure) {
        List<Class<?>> key = List.of(message.event().getClass(), failure.getClass());
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, types -> Counter.builder(CqrsMetrics.SUBSCRIBER_FAILURES)
                    .description("Event subscribers that threw, whatever the bus's failure policy")
                    .tag(MeterTags.EVENT, MeterTags.nameOf(types.get(0)))
                    .tag(MeterTags.EXCEPTION, MeterTags.nameOf(types.get(1)))
                    .register(registry));
        }
        counter.increment();
    }
}
