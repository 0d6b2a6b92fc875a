package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.EventStoreSchema;
import dev.cqrskit.eventstore.Subscription;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.micrometer.CqrsMetrics;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import dev.cqrskit.outbox.schema.SchemaInstaller;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store on the outbox's beans, when cqrs-eventstore is on the classpath: an {@link EventStore} joining
 * Spring transactions and appending every event to the {@link Outbox} too, {@link Subscriptions} built from every
 * {@link Subscription} bean and configured from {@code cqrs.eventstore.subscriptions.*}, run as a
 * {@link org.springframework.context.SmartLifecycle} after the relay; and, with {@code cqrs.schema.install=true}, the
 * event store's schema version installed with the outbox's; with cqrs-micrometer's meters, a lag gauge per
 * subscription ({@code cqrs.eventstore.subscription.lag}). Each bean backs off when the application declares its
 * own. Turn the runners off with {@code cqrs.eventstore.subscriptions.enabled=false} (an instance that only appends).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {CqrsOutboxAutoConfiguration.class, CqrsMetricsAutoConfiguration.class,
        CqrsOutboxRelayAutoConfiguration.class})
@ConditionalOnClass(EventStore.class)
@ConditionalOnBean({Jdbi.class, EventCodec.class})
@EnableConfigurationProperties(CqrsSubscriptionsProperties.class)
public class CqrsEventStoreAutoConfiguration {

    /**
     * The schema versions {@code cqrs.schema.install=true} installs: the outbox's and the event store's.
     *
     * @return the installer
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cqrs.schema", name = "install", havingValue = "true")
    public SchemaInstaller cqrsEventStoreSchema() {
        return EventStoreSchema.installer();
    }

    /**
     * The event store, appending to the outbox in the same transaction when the outbox is configured.
     *
     * @param handles the Spring transaction's handle
     * @param codec   the codec the outbox writes with
     * @param outbox  the outbox, if configured
     * @return the event store
     */
    @Bean
    @ConditionalOnBean(HandleSource.class)
    @ConditionalOnMissingBean
    public EventStore eventStore(HandleSource handles, EventCodec codec, ObjectProvider<Outbox> outbox) {
        EventStore store = new EventStore(handles, codec);
        Outbox writer = outbox.getIfAvailable();
        return writer == null ? store : store.publishingTo(writer);
    }

    /**
     * The subscriptions of every {@code Subscription} bean, not started; their operations (status, reset, retry,
     * skip) work on any node.
     *
     * @param jdbi          the database
     * @param codec         decodes the events
     * @param subscriptions the subscription beans, in order
     * @param properties    the settings
     * @return the subscriptions
     */
    @Bean
    @ConditionalOnMissingBean
    public Subscriptions cqrsSubscriptions(Jdbi jdbi, EventCodec codec, ObjectProvider<Subscription> subscriptions,
                                           CqrsSubscriptionsProperties properties) {
        Subscriptions.Builder builder = Subscriptions.builder(jdbi, codec).config(properties.config());
        subscriptions.orderedStream().forEach(builder::add);
        return builder.build();
    }

    /**
     * Runs the subscriptions with the context, after the schema is installed.
     *
     * @param subscriptions the subscriptions
     * @param schema        the schema installer, when enabled: it runs first
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cqrs.eventstore.subscriptions", name = "enabled", matchIfMissing = true)
    public SubscriptionsLifecycle cqrsSubscriptionsLifecycle(Subscriptions subscriptions,
                                                             ObjectProvider<CqrsSchemaInstaller> schema) {
        schema.ifAvailable(installer -> { });
        return new SubscriptionsLifecycle(subscriptions);
    }

    /**
     * Cached statuses of the {@code Subscription} beans, for health and gauges.
     *
     * @param subscriptions reads the statuses
     * @param definitions   the subscription beans
     * @return the statistics
     */
    @Bean
    @ConditionalOnMissingBean
    public SubscriptionStatistics cqrsSubscriptionStatistics(Subscriptions subscriptions,
                                                             ObjectProvider<Subscription> definitions) {
        List<String> ids = definitions.orderedStream().map(Subscription::id).toList();
        return new SubscriptionStatistics(subscriptions, ids);
    }

    /** The lag gauge of every subscription, when cqrs-micrometer's meters are configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.cqrskit.micrometer.CqrsMetrics")
    @ConditionalOnBean(type = "dev.cqrskit.micrometer.CqrsMetrics")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean(name = "cqrsSubscriptionLagGauges")
        InitializingBean cqrsSubscriptionLagGauges(CqrsMetrics metrics,
                                                   ObjectProvider<SubscriptionStatistics> statistics) {
            return () -> statistics.ifAvailable(subscriptions -> subscriptions.ids().forEach(id ->
                    metrics.bindSubscriptionLag(id, () -> Optional.ofNullable(subscriptions.statuses().get(id))
                            .map(status -> OptionalLong.of(status.lag())).orElseGet(OptionalLong::empty))));
        }
    }
}
