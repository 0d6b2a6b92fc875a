package dev.cqrskit.outbox.inbox;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.core.support.ConfigValidation;

import java.time.Duration;

/**
 * How an {@link InboxConsumer} treats a handler that fails: how many attempts before the delivery is parked, the
 * pauses between them, and whether later deliveries of a parked delivery's ordering key wait behind it.
 *
 * <pre>{@code
 * ConsumerPolicy policy = ConsumerPolicy.builder().maxAttempts(10).build();
 * }</pre>
 *
 * @param maxAttempts   attempts in all before parking, from 1 to 100 ({@code cqrs.consumer.max-attempts})
 * @param backoff       the pauses between attempts
 * @param keepKeyOrder  whether deliveries of a key with a parked delivery are held behind it (parked too, in order)
 *                      instead of handled at once; true keeps per-key order for brokers that keep it (Kafka)
 * @since 0.1.0
 */
public record ConsumerPolicy(int maxAttempts, Backoff backoff, boolean keepKeyOrder) {

    /** Validates the values; messages name the {@code cqrs.consumer.*} properties. */
    public ConsumerPolicy {
        ConfigValidation.between("cqrs.consumer.max-attempts", maxAttempts, 1, 100);
        ConfigValidation.notNull("cqrs.consumer.backoff", backoff);
    }

    /** @return 5 attempts, 50 ms doubling to at most 2 s, key order kept */
    public static ConsumerPolicy defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ConsumerPolicy}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private boolean keepKeyOrder = true;

        private Builder() {
        }

        /** @param maxAttempts attempts before parking @return this builder */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** @param initialBackoff the first pause @return this builder */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** @param maxBackoff the longest pause @return this builder */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** @param keepKeyOrder whether a parked delivery holds its key @return this builder */
        public Builder keepKeyOrder(boolean keepKeyOrder) {
            this.keepKeyOrder = keepKeyOrder;
            return this;
        }

        /** @return the policy */
        public ConsumerPolicy build() {
            return new ConsumerPolicy(maxAttempts,
                    Backoff.named("cqrs.consumer.", initialBackoff, maxBackoff, 2.0, 0.5), keepKeyOrder);
        }
    }
}
