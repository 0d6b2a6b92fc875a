package dev.cqrskit.outbox.relay;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.core.support.ConfigValidation;
import java.time.Duration;

/**
 * How an {@link OutboxRelay} claims, publishes, retries and waits, and the limits it sets on its connections.
 *
 * <pre>{@code
 * OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(200).concurrency(2).build();
 * }</pre>
 *
 * <p>Every value is validated at construction; a message names the property path, e.g.
 * {@code cqrs.outbox.relay.batch-size must be between 1 and 10000, but was 0}. This record is immutable and
 * threadsafe.
 *
 * @param batchSize                most messages claimed and published per batch (1..10,000; default 500)
 * @param concurrency              worker threads of one relay, each with its own connection (1..64; default 1)
 * @param pollInterval             how long an idle worker waits before looking again when no notification arrives
 *                                 (10 ms..1 h; default 1 s); also the latest a retry due in the future is picked up
 *                                 late
 * @param listen                   whether to LISTEN for the notification appends send, to wake up at once
 *                                 (default true)
 * @param maxAttempts              failed attempts after which a message is parked (1..1,000; default 10)
 * @param initialBackoff           delay before the first retry; doubles with each attempt, with jitter (default 1 s);
 *                                 also the first pause after a systemic failure
 * @param maxBackoff               the longest delay between retries (at least initialBackoff; default 5 min)
 * @param shutdownTimeout          how long {@link OutboxRelay#close()} lets in-flight batches finish before it aborts
 *                                 their transactions, which releases their claims (default 10 s)
 * @param publishDeadline          how long one publish call may take; after it, the call's messages are retried
 *                                 later and the transaction ends (1 ms..1 h; default 30 s)
 * @param lockTimeout              {@code lock_timeout} of the relay's connections (1 ms..1 h; default 10 s)
 * @param statementTimeout         {@code statement_timeout} of the relay's connections (1 ms..1 h; default 60 s)
 * @param idleInTransactionTimeout {@code idle_in_transaction_session_timeout} of the relay's connections; longer
 *                                 than publishDeadline, since a transaction waits idle while it publishes
 *                                 (default 2 min)
 * @since 0.1.0
 */
public record OutboxRelayConfig(int batchSize, int concurrency, Duration pollInterval, boolean listen,
                                int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                Duration shutdownTimeout, Duration publishDeadline, Duration lockTimeout,
                                Duration statementTimeout, Duration idleInTransactionTimeout) {

    private static final String PREFIX = "cqrs.outbox.relay.";

    /** Validates every property; the message names the property path, the bad value and the allowed range. */
    public OutboxRelayConfig {
        ConfigValidation.between(PREFIX + "batch-size", batchSize, 1, 10_000);
        ConfigValidation.between(PREFIX + "concurrency", concurrency, 1, 64);
        ConfigValidation.between(PREFIX + "poll-interval", pollInterval, Duration.ofMillis(10), Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "max-attempts", maxAttempts, 1, 1_000);
        ConfigValidation.between(PREFIX + "initial-backoff", initialBackoff, Duration.ofMillis(1),
                Duration.ofDays(1));
        Backoff.named(PREFIX, initialBackoff, ConfigValidation.between(PREFIX + "max-backoff", maxBackoff,
                Duration.ofMillis(1), Duration.ofDays(7)), 2.0, 0.5);
        ConfigValidation.between(PREFIX + "shutdown-timeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "publish-deadline", publishDeadline, Duration.ofMillis(1),
                Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "lock-timeout", lockTimeout, Duration.ofMillis(1), Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "statement-timeout", statementTimeout, Duration.ofMillis(1),
                Duration.ofHours(1));
        ConfigValidation.between(PREFIX + "idle-in-transaction-timeout", idleInTransactionTimeout,
                Duration.ofMillis(1), Duration.ofHours(2));
        ConfigValidation.require(idleInTransactionTimeout.compareTo(publishDeadline) > 0,
                PREFIX + "idle-in-transaction-timeout",
                "be longer than " + PREFIX + "publish-deadline (" + publishDeadline + ")", idleInTransactionTimeout);
    }

    /**
     * Returns the defaults: batches of 500, one worker, 1 s polls with LISTEN, 10 attempts, 1 s..5 min backoff,
     * 30 s publish deadline, 10 s lock timeout, 60 s statement timeout, 2 min idle-in-transaction timeout.
     *
     * @return the defaults
     */
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
        builder.publishDeadline = publishDeadline;
        builder.lockTimeout = lockTimeout;
        builder.statementTimeout = statementTimeout;
        builder.idleInTransactionTimeout = idleInTransactionTimeout;
        return builder;
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
        private Duration publishDeadline = Duration.ofSeconds(30);
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Duration statementTimeout = Duration.ofSeconds(60);
        private Duration idleInTransactionTimeout = Duration.ofMinutes(2);

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

        /** @param publishDeadline longest publish call @return this builder */
        public Builder publishDeadline(Duration publishDeadline) {
            this.publishDeadline = publishDeadline;
            return this;
        }

        /** @param lockTimeout {@code lock_timeout} of the relay's connections @return this builder */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** @param statementTimeout {@code statement_timeout} of the relay's connections @return this builder */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        /**
         * @param idleInTransactionTimeout {@code idle_in_transaction_session_timeout} of the relay's connections
         * @return this builder
         */
        public Builder idleInTransactionTimeout(Duration idleInTransactionTimeout) {
            this.idleInTransactionTimeout = idleInTransactionTimeout;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException naming the first invalid property
         * @throws NullPointerException     naming the first missing property
         */
        public OutboxRelayConfig build() {
            return new OutboxRelayConfig(batchSize, concurrency, pollInterval, listen, maxAttempts, initialBackoff,
                    maxBackoff, shutdownTimeout, publishDeadline, lockTimeout, statementTimeout,
                    idleInTransactionTimeout);
        }
    }
}
