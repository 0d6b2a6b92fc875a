package dev.cqrskit.core.middleware;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RetryMiddleware} retries a command after a concurrency conflict: how many attempts in all, and the
 * exponential backoff with jitter between them.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(5)).build();
 * }</pre>
 *
 * @param maxAttempts    attempts in all, the first included; at least 1
 * @param initialBackoff the pause before the second attempt; not negative
 * @param maxBackoff     the longest pause; not less than {@code initialBackoff}
 * @param multiplier     how much each pause grows; at least 1
 * @param jitter         the fraction of each pause that is random, from 0 to 1
 * @since 0.1.0
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    /** Validates the policy, naming the bad setting. */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "retryPolicy.initialBackoff must not be null");
        Objects.requireNonNull(maxBackoff, "retryPolicy.maxBackoff must not be null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retryPolicy.maxAttempts must be at least 1, but was " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("retryPolicy.initialBackoff must not be negative, but was "
                    + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retryPolicy.maxBackoff (" + maxBackoff
                    + ") must not be less than retryPolicy.initialBackoff (" + initialBackoff + ")");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("retryPolicy.multiplier must be at least 1, but was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("retryPolicy.jitter must be between 0 and 1, but was " + jitter);
        }
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
     * Returns the pause before an attempt, without jitter.
     *
     * @param attempt the attempt about to start, 2 or more
     * @return the pause
     */
    public Duration backoffBefore(int attempt) {
        double nanos = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 2));
        return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
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
            return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
        }
    }
}
