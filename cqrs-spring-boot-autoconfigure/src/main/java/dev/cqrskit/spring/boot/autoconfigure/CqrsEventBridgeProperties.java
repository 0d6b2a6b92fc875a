package dev.cqrskit.spring.boot.autoconfigure;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The EventBridge publisher's settings, bound from {@code cqrs.eventbridge.*}. Credentials come from the AWS SDK's
 * default chain (environment, system properties, profile, container or instance role). Values are checked by
 * {@code EventBridgeClientConfig} and {@code EventMapping} when the publisher is built. Immutable.
 *
 * @param enabled          whether to create the publisher when cqrs-eventbridge is on the classpath
 * @param region           the AWS region, e.g. {@code eu-west-1}; the SDK's default region chain when absent
 * @param endpointOverride another endpoint, e.g. {@code http://127.0.0.1:4010} for a local emulator
 * @param eventBusName     the event bus every event goes to
 * @param source           the {@code Source} of every entry
 * @since 0.1.0
 */
@ConfigurationProperties("cqrs.eventbridge")
public record CqrsEventBridgeProperties(
        @DefaultValue("true") boolean enabled,
        String region,
        URI endpointOverride,
        @DefaultValue("default") String eventBusName,
        @DefaultValue("cqrs-kit") String source) {
}
