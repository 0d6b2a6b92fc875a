package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxOperations;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * The outbox's health indicator ({@code cqrsOutbox}) when spring-boot-health is on the classpath, the subscriptions'
 * ({@code cqrsSubscriptions}) when the event store is configured too, and the {@code cqrsoutbox} operations endpoint
 * when the actuator is and the endpoint is exposed (like Boot's own endpoints: listed in
 * {@code management.endpoints.web.exposure.include} or {@code management.endpoints.jmx.exposure.include}, and not
 * turned off with {@code management.endpoint.cqrsoutbox.access=none}), so an application that does not expose it
 * does not build it. Turn the indicators off with {@code management.health.cqrsoutbox.enabled=false} and
 * {@code management.health.cqrssubscriptions.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {CqrsOutboxAutoConfiguration.class, CqrsOutboxRelayAutoConfiguration.class,
        CqrsEventStoreAutoConfiguration.class})
@ConditionalOnBean(OutboxOperations.class)
public class CqrsActuatorAutoConfiguration {

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("cqrsoutbox")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "cqrsOutboxHealthIndicator")
        CqrsOutboxHealthIndicator cqrsOutboxHealthIndicator(OutboxStatistics statistics,
                                                            ObjectProvider<RelayHealth> relay,
                                                            ObjectProvider<OutboxRelayLifecycle> lifecycle) {
            return new CqrsOutboxHealthIndicator(statistics, Optional.ofNullable(relay.getIfAvailable()),
                    Optional.ofNullable(lifecycle.getIfAvailable()));
        }
    }

    /** The subscriptions' health indicator, when the event store is configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
            "dev.cqrskit.eventstore.Subscriptions"})
    @ConditionalOnBean(SubscriptionStatistics.class)
    @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("cqrssubscriptions")
    static class SubscriptionsHealth {

        @Bean
        @ConditionalOnMissingBean(name = "cqrsSubscriptionsHealthIndicator")
        CqrsSubscriptionsHealthIndicator cqrsSubscriptionsHealthIndicator(SubscriptionStatistics statistics) {
            return new CqrsSubscriptionsHealthIndicator(statistics);
        }
    }

    /** The operations endpoint, where it is exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
            "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
    static class Operations {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(CqrsOutboxEndpoint.class)
        CqrsOutboxEndpoint cqrsOutboxEndpoint(ObjectProvider<OutboxOperations> operations) {
            return new CqrsOutboxEndpoint(SingletonSupplier.of(operations::getObject));
        }
    }
}
