package dev.cqrskit.core.middleware;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.core.support.ConfigValidation;

import java.time.Duration;

/**
 * How {@link RetryMiddleware} retries a command after a concurrency conflict: how many attempts in all, and the
 * exponential backoff with jitter between them.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(5)).build();
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included; from 1 to 1000
 * @param backoff     the pauses between attempts: retry 1 is the pause before the second attempt
 * @since 0.1.0
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    /** Validates the values; messages name the {@code cqrs.retry.*} properties. */
    public RetryPolicy {
        ConfigValidation.between("cqrs.retry.max-attempts", maxAttempts, 1, 1_000);
        ConfigValidation.notNull("cqrs.retry.backoff", backoff);
    }

    /** @return 3 attempts, 10 ms doubling to at most 200 ms, 50 % jitter */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the ceiling of the pause before an attempt, without jitter.
     *
     * @param attempt the attempt, 2 for the first retry
     * @return the ceiling of the pause
     */
    public Duration backoffBefore(int attempt) {
        return backoff.ceiling(attempt - 1);
    }

    /**
     * Builds a {@link RetryPolicy}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(10);
        private Duration maxBackoff = Duration.ofMillis(200);
        private double multiplier = 2.0;
        private double jitter = 0.5;

        private Builder() {
        }

        /**
         * Sets maxAttempts.
         *
         * @param maxAttempts attempts in all
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets initialBackoff.
         *
         * @param initialBackoff the first pause
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets maxBackoff.
         *
         * @param maxBackoff the longest pause
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets multiplier.
         *
         * @param multiplier how much each pause grows
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets jitter.
         *
         * @param jitter the random fraction of each pause
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** @return the validated policy */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts,
                    Backoff.named("cqrs.retry.", initialBackoff, maxBackoff, multiplier, jitter));
        }
    }
}
