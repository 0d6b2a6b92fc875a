package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.micrometer.CqrsMetrics;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
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
 * The outbox relay as a {@link org.springframework.context.SmartLifecycle}, configured from
 * {@code cqrs.outbox.relay.*}, when the context has a {@link Jdbi} and an {@link EventPublisher}. Turn it off with
 * {@code cqrs.outbox.relay.enabled=false} (an instance that only writes the outbox). Every {@link RelayListener} bean
 * hears the relay; {@link RelayHealth} is one of them, and so are the relay's meters ({@code cqrsRelayMeters}) when
 * cqrs-micrometer's meters are configured: they exist only where a relay runs.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CqrsOutboxAutoConfiguration.class, afterName = {
        "dev.cqrskit.spring.boot.autoconfigure.CqrsEventBridgeAutoConfiguration",
        "dev.cqrskit.spring.boot.autoconfigure.CqrsMetricsAutoConfiguration"})
@ConditionalOnClass(OutboxRelay.class)
@ConditionalOnBean({Jdbi.class, EventPublisher.class})
@ConditionalOnProperty(prefix = "cqrs.outbox.relay", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CqrsOutboxRelayProperties.class)
public class CqrsOutboxRelayAutoConfiguration {

    /**
     * Whether publishing is paused by a systemic failure, for health.
     *
     * @return the tracker
     */
    @Bean
    @ConditionalOnMissingBean
    public RelayHealth cqrsRelayHealth() {
        return new RelayHealth(Clock.systemUTC());
    }

    /**
     * The relay, started and stopped with the context.
     *
     * @param jdbi       the database, made on the relay's start thread
     * @param publisher  the publisher
     * @param properties the settings
     * @param listeners  every relay listener bean, in order
     * @param schema     the schema installer, when enabled: it runs first
     * @return the relay lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public OutboxRelayLifecycle cqrsOutboxRelay(ObjectProvider<Jdbi> jdbi, EventPublisher publisher,
                                                CqrsOutboxRelayProperties properties,
                                                ObjectProvider<RelayListener> listeners,
                                                ObjectProvider<CqrsSchemaInstaller> schema) {
        schema.ifAvailable(installer -> { });
        return new OutboxRelayLifecycle(jdbi::getObject, publisher, properties,
                new RelayListeners(listeners.orderedStream().toList()));
    }

    /** The relay's meters, when cqrs-micrometer's meters are configured. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.cqrskit.micrometer.CqrsMetrics")
    @ConditionalOnBean(type = "dev.cqrskit.micrometer.CqrsMetrics")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean(name = "cqrsRelayMeters")
        RelayListener cqrsRelayMeters(CqrsMetrics metrics) {
            return metrics.relayListener();
        }
    }
}
