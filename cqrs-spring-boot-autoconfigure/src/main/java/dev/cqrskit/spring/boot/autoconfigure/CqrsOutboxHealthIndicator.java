package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxCounts;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox's health: {@code DOWN} while publishing is paused by a systemic failure (the broker unreachable or
 * refusing every call) or when the relay configured here failed to start, {@code UP} otherwise; details
 * {@code pending}, {@code parked}, {@code oldestPendingAge} and, while paused, {@code systemicFailure} and
 * {@code pausedSince}, or {@code relayStartFailure}. Parked messages do not make the instance unhealthy:
 * each holds back only its own key and needs an operator (the {@code cqrsoutbox} endpoint), not a restart.
 * Threadsafe.
 *
 * @since 0.1.0
 */
public final class CqrsOutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxStatistics statistics;
    private final Optional<RelayHealth> relay;
    private final Optional<OutboxRelayLifecycle> lifecycle;

    /**
     * Creates the indicator.
     *
     * @param statistics the outbox counts, not null
     * @param relay      the relay's systemic failure state, empty when the relay does not run here
     * @param lifecycle  the relay's lifecycle, whose start may have failed; empty when the relay does not run here
     */
    public CqrsOutboxHealthIndicator(OutboxStatistics statistics, Optional<RelayHealth> relay,
                                     Optional<OutboxRelayLifecycle> lifecycle) {
        super("The cqrs-kit outbox health check failed");
        this.statistics = Objects.requireNonNull(statistics, "statistics must not be null");
        this.relay = Objects.requireNonNull(relay, "relay must not be null");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OutboxCounts counts = statistics.counts();
        builder.withDetail("pending", counts.pending())
                .withDetail("parked", counts.parked())
                .withDetail("oldestPendingAge", counts.oldestPendingAge().toString());
        Optional<Throwable> startFailure = lifecycle.flatMap(OutboxRelayLifecycle::startFailure);
        Optional<RelayHealth.Paused> paused = relay.flatMap(RelayHealth::paused);
        if (startFailure.isPresent()) {
            builder.down().withDetail("relayStartFailure", String.valueOf(startFailure.get()));
        } else if (paused.isPresent()) {
            builder.down()
                    .withDetail("systemicFailure", paused.get().reason())
                    .withDetail("pausedSince", paused.get().since().toString());
        } else {
            builder.up();
        }
    }
}
