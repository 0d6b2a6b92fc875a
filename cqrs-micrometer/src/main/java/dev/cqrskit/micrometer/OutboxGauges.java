package dev.cqrskit.micrometer;

import dev.cqrskit.outbox.relay.OutboxCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges over a supplier of {@link OutboxCounts}. Each gauge reads the supplier when it is scraped; a supplier that
 * throws (the database is down) reads as NaN rather than failing the whole scrape.
 */
final class OutboxGauges {

    private OutboxGauges() {
    }

    static void bind(MeterRegistry registry, Supplier<OutboxCounts> counts) {
        // The Supplier<Number> builders hold the function strongly; the (object, function) builders would hold the
        // caller's supplier weakly, and a lambda referenced nowhere else would be collected and read as NaN.
        Gauge.builder(CqrsMetrics.OUTBOX_PENDING, () -> read(counts, OutboxCounts::pending))
                .description("Outbox messages not yet published and not parked")
                .baseUnit("messages")
                .register(registry);
        Gauge.builder(CqrsMetrics.OUTBOX_PARKED, () -> read(counts, OutboxCounts::parked))
                .description("Parked outbox messages, waiting for an operator")
                .baseUnit("messages")
                .register(registry);
        Gauge.builder(CqrsMetrics.OUTBOX_HELD, () -> read(counts, OutboxCounts::heldBehindParked))
                .description("Outbox messages held behind a parked message of their key")
                .baseUnit("messages")
                .register(registry);
        TimeGauge.builder(CqrsMetrics.OUTBOX_OLDEST_PENDING_AGE,
                        () -> read(counts, c -> c.oldestPendingAge().toMillis()), TimeUnit.MILLISECONDS)
                .description("How long the oldest pending outbox message not held behind a parked one has waited; zero when none")
                .register(registry);
    }

    /** Reads a part of what a supplier gives; NaN when it throws or gives null. Also used by the lag gauge. */
    static <T> double read(Supplier<T> source, ToDoubleFunction<T> part) {
        T current;
        try {
            current = source.get();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        return current == null ? Double.NaN : part.applyAsDouble(current);
    }
}
