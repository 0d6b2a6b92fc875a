package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.eventbridge.EventMapping;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * An {@link EventBridgePublisher} from {@code cqrs.eventbridge.*} with the AWS SDK's default credentials chain, when
 * cqrs-eventbridge and the SDK are on the classpath and the application has no {@link EventPublisher} of its own.
 * Turn it off with {@code cqrs.eventbridge.enabled=false}; for per-type mappings or client timeouts declare an
 * {@code EventBridgePublisher} bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({EventBridgePublisher.class, EventBridgeClient.class})
@ConditionalOnProperty(prefix = "cqrs.eventbridge", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CqrsEventBridgeProperties.class)
public class CqrsEventBridgeAutoConfiguration {

    /**
     * The publisher; closed with the context.
     *
     * @param properties the settings
     * @return the publisher
     */
    @Bean
    @ConditionalOnMissingBean(EventPublisher.class)
    public EventBridgePublisher eventBridgePublisher(CqrsEventBridgeProperties properties) {
        EventBridgeClientConfig.Builder client = EventBridgeClientConfig.builder();
        if (properties.region() != null) {
            client.region(properties.region());
        }
        if (properties.endpointOverride() != null) {
            client.endpointOverride(properties.endpointOverride());
        }
        EventMapping mapping = EventMapping.builder()
                .eventBusName(properties.eventBusName())
                .source(properties.source())
                .build();
        return EventBridgePublisher.create(client.build(),
                EventBridgePublisherConfig.builder().defaultMapping(mapping).build());
    }
}
