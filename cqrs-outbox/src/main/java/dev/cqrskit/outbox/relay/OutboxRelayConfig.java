package dev.cqrskit.outbox.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OutboxRelay} claims, publishes, retries and waits.
 *
 * <pre>{@code
 * OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(200).concurrency(2).build();
 * }</pre>
 *
 * @param batchSize       most messages claimed and published per batch (1..10,000; default 500)
 * @param concurrency     worker threads of one relay, each with its own connection (1..64; default 1)
 * @param pollInterval    how long an idle worker waits before looking again when no notification arrives
 *                        (10 ms..1 h; default 1 s); also the latest a retry due in the future is picked up late
 * @param listen          whether to LISTEN for the notification appends send, to wake up at once (default true)
 * @param maxAttempts     failed attempts after which a message is parked (1..1,000; default 10)
 * @param initialBackoff  delay before the first retry; doubles with each attempt, with jitter (default 1 s)
 * @param maxBackoff      the longest delay between retries (at least initialBackoff; default 5 min)
 * @param shutdownTimeout how long {@link OutboxRelay#close()} lets in-flight batches finish before it aborts their
 *                        transactions, which releases their claims (default 10 s)
 * @since 0.1.0
 */
public record OutboxRelayConfig(int batchSize, int concurrency, Duration pollInterval, boolean listen,
                                int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                Duration shutdownTimeout) {

    /** Validates every property; the message names the property, the bad value and the allowed range. */
    public OutboxRelayConfig {
        range("batchSize", batchSize, 1, 10_000);
        range("concurrency", concurrency, 1, 64);
        duration("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofHours(1));
        range("maxAttempts", maxAttempts, 1, 1_000);
        duration("initialBackoff", initialBackoff, Duration.ofMillis(1), Duration.ofDays(1));
        duration("maxBackoff", maxBackoff, initialBackoff, Duration.ofDays(7));
        duration("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
    }

    /** @return the defaults: batches of 500, one worker, 1 s polls with LISTEN, 10 attempts, 1 s..5 min backoff */
    public static OutboxRelayConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.batchSize = batchSize;
        builder.concurrency = concurrency;
        builder.pollInterval = pollInterval;
        builder.listen = listen;
        builder.maxAttempts = maxAttempts;
        builder.initialBackoff = initialBackoff;
        builder.maxBackoff = maxBackoff;
        builder.shutdownTimeout = shutdownTimeout;
        return builder;
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("OutboxRelayConfig." + name + " must be between " + min + " and " + max
                    + ", but was " + value + ".");
        }
    }

    private static void duration(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, () -> "OutboxRelayConfig." + name + " must not be null");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("OutboxRelayConfig." + name + " must be between " + min + " and " + max
                    + ", but was " + value + ".");
        }
    }

    /**
     * Builds an {@link OutboxRelayConfig}, starting from the defaults. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int batchSize = 500;
        private int concurrency = 1;
        private Duration pollInterval = Duration.ofSeconds(1);
        private boolean listen = true;
        private int maxAttempts = 10;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** @param batchSize most messages per batch @return this builder */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param concurrency worker threads @return this builder */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** @param pollInterval idle wait without notification @return this builder */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** @param listen whether to LISTEN for append notifications @return this builder */
        public Builder listen(boolean listen) {
            this.listen = listen;
            return this;
        }

        /** @param maxAttempts failed attempts before parking @return this builder */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** @param initialBackoff first retry delay @return this builder */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** @param maxBackoff longest retry delay @return this builder */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** @param shutdownTimeout grace period for in-flight batches on close @return this builder */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException naming the first invalid property
         */
        public OutboxRelayConfig build() {
            return new OutboxRelayConfig(batchSize, concurrency, pollInterval, listen, maxAttempts, initialBackoff,
                    maxBackoff, shutdownTimeout);
        }
    }
}
