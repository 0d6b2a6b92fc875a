package dev.cqrskit.eventstore;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.core.support.ConfigValidation;
import java.time.Duration;
import java.util.Objects;

/**
 * How subscription runners work. Property paths in validation messages start with
 * {@code cqrs.eventstore.subscriptions.}.
 *
 * <pre>{@code
 * SubscriptionsConfig config = SubscriptionsConfig.builder().batchSize(1_000).pollInterval(Duration.ofMillis(200)).build();
 * }</pre>
 *
 * @param batchSize         events per transaction, 1 to 10,000 (default 500)
 * @param pollInterval      the longest wait for new events without a notification, 10 ms to 1 min (default 500 ms)
 * @param lockRetryInterval how often a standby runner tries to take over, 10 ms to 10 min (default 1 s)
 * @param maxAttempts       attempts of an event whose handler fails before the subscription is marked failed, 1 to
 *                          100 (default 3)
 * @param retryBackoff      the delay between those attempts
 * @param lockTimeout       the longest a batch waits for a row lock, 1 ms to 10 min (default 10 s)
 * @param node              this node's name, stored as the subscription's owner (default: the JVM's pid@host)
 * @since 0.1.0
 */
public record SubscriptionsConfig(int batchSize, Duration pollInterval, Duration lockRetryInterval, int maxAttempts,
                                  Backoff retryBackoff, Duration lockTimeout, String node) {

    private static final String PREFIX = "cqrs.eventstore.subscriptions.";

    /** Validates the values. */
    public SubscriptionsConfig {
        ConfigValidation.between(PREFIX + "batch-size", batchSize, 1, 10_000);
        ConfigValidation.between(PREFIX + "poll-interval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
        ConfigValidation.between(PREFIX + "lock-retry-interval", lockRetryInterval, Duration.ofMillis(10),
                Duration.ofMinutes(10));
        ConfigValidation.between(PREFIX + "max-attempts", maxAttempts, 1, 100);
        ConfigValidation.notNull(PREFIX + "retry-backoff", retryBackoff);
        ConfigValidation.between(PREFIX + "lock-timeout", lockTimeout, Duration.ofMillis(1), Duration.ofMinutes(10));
        ConfigValidation.notBlank(PREFIX + "node", node);
    }

    /** @return the defaults */
    public static SubscriptionsConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link SubscriptionsConfig}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int batchSize = 500;
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration lockRetryInterval = Duration.ofSeconds(1);
        private int maxAttempts = 3;
        private Backoff retryBackoff = Backoff.named(PREFIX + "retry-", Duration.ofMillis(100), Duration.ofSeconds(5),
                2.0, 0.5);
        private Duration lockTimeout = Duration.ofSeconds(10);
        private String node = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

        private Builder() {
        }

        /**
         * Sets the events per transaction.
         *
         * @param batchSize 1 to 10,000
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the longest wait for new events without a notification.
         *
         * @param pollInterval 10 ms to 1 min
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Sets how often a standby runner tries to take over.
         *
         * @param lockRetryInterval 10 ms to 10 min
         * @return this builder
         */
        public Builder lockRetryInterval(Duration lockRetryInterval) {
            this.lockRetryInterval = lockRetryInterval;
            return this;
        }

        /**
         * Sets the attempts of a failing event before the subscription is marked failed.
         *
         * @param maxAttempts 1 to 100
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the delay between attempts of a failing event.
         *
         * @param retryBackoff the backoff
         * @return this builder
         */
        public Builder retryBackoff(Backoff retryBackoff) {
            this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff must not be null");
            return this;
        }

        /**
         * Sets the longest a batch waits for a row lock.
         *
         * @param lockTimeout 1 ms to 10 min
         * @return this builder
         */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /**
         * Sets this node's name.
         *
         * @param node not blank
         * @return this builder
         */
        public Builder node(String node) {
            this.node = node;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the property path of a value out of range
         */
        public SubscriptionsConfig build() {
            return new SubscriptionsConfig(batchSize, pollInterval, lockRetryInterval, maxAttempts, retryBackoff,
                    lockTimeout, node);
        }
    }
}
