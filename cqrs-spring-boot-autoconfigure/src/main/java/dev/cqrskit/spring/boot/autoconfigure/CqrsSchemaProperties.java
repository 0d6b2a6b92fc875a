package dev.cqrskit.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether the application installs cqrs-kit's tables at startup, bound from {@code cqrs.schema.*}. Off by default:
 * production schemas usually come from migrations (Flyway, Liquibase), see docs/spring-boot.md. Immutable.
 *
 * @param install install or upgrade the outbox and inbox tables, and the event store's when cqrs-eventstore is
 *                on the classpath, when the application starts
 * @since 0.1.0
 */
@ConfigurationProperties("cqrs.schema")
public record CqrsSchemaProperties(@DefaultValue("false") boolean install) {
}
