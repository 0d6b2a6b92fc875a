package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.support.ConfigValidation;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay's settings, bound from {@code cqrs.outbox.relay.*} and validated when bound: a bad value fails
 * startup with a message naming the property, e.g.
 * {@code cqrs.outbox.relay.batch-size must be between 1 and 10000, but was 0}. The defaults are
 * {@code OutboxRelayConfig.defaults()}. Immutable.
 *
 * @param enabled         whether the relay runs in this application
 * @param batchSize       rows claimed per transaction
 * @param concurrency     worker threads, each with its own connection
 * @param pollInterval    how long an idle worker waits before looking again (LISTEN/NOTIFY wakes it sooner)
 * @param listen          whether to wake idle workers with PostgreSQL LISTEN/NOTIFY
 * @param maxAttempts     publish attempts before a message is parked
 * @param initialBackoff  the first retry delay of a failed message
 * @param maxBackoff      the longest retry delay
 * @param shutdownTimeout how long stopping waits for in-flight batches
 * @since 0.1.0
 */
@ConfigurationProperties("cqrs.outbox.relay")
public record CqrsOutboxRelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1") int concurrency,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("true") boolean listen,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration shutdownTimeout) {

    private static final String PREFIX = "cqrs.outbox.relay.";

    /** Validates every value against the relay's limits, naming the property in the message. */
    public CqrsOutboxRelayProperties {
        ConfigValidation.between(PREFIX + "batch-size", batchSize, 1, 10_000);
        ConfigValidation.between(PREFIX + "concurrency", concurrency, 1, 64);
        ConfigValidation.between(PREFIX + "poll-interval", pollInterval, Duration.ofMillis(10), Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "max-attempts", maxAttempts, 1, 1_000);
        ConfigValidation.between(PREFIX + "initial-backoff", initialBackoff, Duration.ofMillis(1), Duration.ofDays(1));
        ConfigValidation.between(PREFIX + "max-backoff", ConfigValidation.notNull(PREFIX + "max-backoff", maxBackoff),
                initialBackoff, Duration.ofDays(7));
        ConfigValidation.between(PREFIX + "shutdown-timeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
    }
}
