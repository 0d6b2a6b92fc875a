package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxCounts;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox's health: {@code DOWN} while publishing is paused by a systemic failure (the broker unreachable or
 * refusing every call), {@code UP} otherwise; details {@code pending}, {@code parked}, {@code oldestPendingAge} and,
 * while paused, {@code systemicFailure} and {@code pausedSince}. Parked messages do not make the instance unhealthy:
 * each holds back only its own key and needs an operator (the {@code cqrsoutbox} endpoint), not a restart.
 * Threadsafe.
 *
 * @since 0.1.0
 */
public final class CqrsOutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxStatistics statistics;
    private final Optional<RelayHealth> relay;

    /**
     * Creates the indicator.
     *
     * @param statistics the outbox counts, not null
     * @param relay      the relay's systemic failure state, empty when the relay does not run here
     */
    public CqrsOutboxHealthIndicator(OutboxStatistics statistics, Optional<RelayHealth> relay) {
        super("The cqrs-kit outbox health check failed");
        this.statistics = Objects.requireNonNull(statistics, "statistics must not be null");
        this.relay = Objects.requireNonNull(relay, "relay must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OutboxCounts counts = statistics.counts();
        builder.withDetail("pending", counts.pending())
                .withDetail("parked", counts.parked())
                .withDetail("oldestPendingAge", counts.oldestPendingAge().toString());
        Optional<RelayHealth.Paused> paused = relay.flatMap(RelayHealth::paused);
        if (paused.isPresent()) {
            builder.down()
                    .withDetail("systemicFailure", paused.get().reason())
                    .withDetail("pausedSince", paused.get().since().toString());
        } else {
            builder.up();
        }
    }
}
