package dev.cqrskit.micrometer;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.RelayListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts what the outbox relay does and times its publisher calls. Every meter has a fixed set of tags, so all of
 * them are registered up front and a callback only increments.
 */
final class RelayMeters implements RelayListener {

    private final Counter claimed;
    private final Counter published;
    private final Counter failed;
    private final Counter parked;
    private final Counter systemicFailures;
    private final Counter reconnects;
    private final Timer publishSuccess;
    private final Timer publishFailure;

    RelayMeters(MeterRegistry registry) {
        claimed = counter(registry, CqrsMetrics.RELAY_CLAIMED, "Outbox rows claimed by relay workers");
        published = counter(registry, CqrsMetrics.RELAY_PUBLISHED, "Events published and deleted from the outbox");
        failed = counter(registry, CqrsMetrics.RELAY_FAILED, "Events that failed and wait for a retry");
        parked = counter(registry, CqrsMetrics.RELAY_PARKED, "Events parked for an operator");
        systemicFailures = counter(registry, CqrsMetrics.RELAY_SYSTEMIC_FAILURES,
                "Pauses of publishing for a fault of the deployment (credentials, permissions, destination)");
        reconnects = counter(registry, CqrsMetrics.RELAY_RECONNECTS,
                "Relay workers that lost their connection or failed and start again");
        publishSuccess = publishTimer(registry, MeterTags.SUCCESS);
        publishFailure = publishTimer(registry, MeterTags.FAILURE);
    }

    @Override
    public void onClaimed(int rows) {
        claimed.increment(rows);
    }

    @Override
    public void onPublishCall(int events, long nanos, Throwable failure) {
        (failure == null ? publishSuccess : publishFailure).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onPublished(int events) {
        published.increment(events);
    }

    @Override
    public void onFailed(SerializedEvent event, int attempts, String reason) {
        failed.increment();
    }

    @Override
    public void onParked(SerializedEvent event, String reason) {
        parked.increment();
    }

    @Override
    public void onSystemicFailure(String reason, Duration pause) {
        systemicFailures.increment();
    }

    @Override
    public void onReconnect(Throwable cause, Duration pause) {
        reconnects.increment();
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private static Timer publishTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(CqrsMetrics.PUBLISH_CALL)
                .description("Calls of the relay to its EventPublisher, ended by a return, a throw or the deadline")
                .tag(MeterTags.OUTCOME, outcome)
                .register(registry);
    }
}
