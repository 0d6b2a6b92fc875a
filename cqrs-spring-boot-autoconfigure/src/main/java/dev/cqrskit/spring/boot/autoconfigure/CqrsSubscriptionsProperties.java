package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.eventstore.SubscriptionsConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event store subscriptions' settings, bound from {@code cqrs.eventstore.subscriptions.*} and validated when
 * bound by {@link SubscriptionsConfig} itself: a bad value fails startup with a message naming the property, e.g.
 * {@code cqrs.eventstore.subscriptions.batch-size must be between 1 and 10000, but was 0}. The defaults are
 * {@code SubscriptionsConfig.defaults()}. Immutable.
 *
 * @param enabled             whether this application runs its {@code Subscription} beans
 * @param batchSize           events per transaction
 * @param pollInterval        the longest wait for new events without a notification
 * @param lockRetryInterval   how often a standby runner tries to take over
 * @param maxAttempts         attempts of an event whose handler fails before the subscription is marked failed
 * @param retryInitialBackoff the first delay between those attempts
 * @param retryMaxBackoff     the longest delay between those attempts
 * @param lockTimeout         the longest a batch waits for a row lock
 * @param node                this node's name, stored as a subscription's owner; the JVM's pid@host when absent
 * @since 0.1.0
 */
@ConfigurationProperties("cqrs.eventstore.subscriptions")
public record CqrsSubscriptionsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("1s") Duration lockRetryInterval,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("100ms") Duration retryInitialBackoff,
        @DefaultValue("5s") Duration retryMaxBackoff,
        @DefaultValue("10s") Duration lockTimeout,
        String node) {

    private static final String PREFIX = "cqrs.eventstore.subscriptions.";

    /** Validates every value by building the configuration, whose messages name the property. */
    public CqrsSubscriptionsProperties {
        config(batchSize, pollInterval, lockRetryInterval, maxAttempts, retryInitialBackoff, retryMaxBackoff,
                lockTimeout, node);
    }

    /** @return the subscriptions' configuration */
    public SubscriptionsConfig config() {
        return config(batchSize, pollInterval, lockRetryInterval, maxAttempts, retryInitialBackoff, retryMaxBackoff,
                lockTimeout, node);
    }

    private static SubscriptionsConfig config(int batchSize, Duration pollInterval, Duration lockRetryInterval,
                                              int maxAttempts, Duration retryInitialBackoff,
                                              Duration retryMaxBackoff, Duration lockTimeout, String node) {
        SubscriptionsConfig.Builder config = SubscriptionsConfig.builder()
                .batchSize(batchSize)
                .pollInterval(pollInterval)
                .lockRetryInterval(lockRetryInterval)
                .maxAttempts(maxAttempts)
                // The multiplier and jitter stay the library's: two knobs fewer.
                .retryBackoff(Backoff.named(PREFIX + "retry-", retryInitialBackoff, retryMaxBackoff, 2.0, 0.5))
                .lockTimeout(lockTimeout);
        if (node != null) {
            config.node(node);
        }
        return config.build();
    }
}
