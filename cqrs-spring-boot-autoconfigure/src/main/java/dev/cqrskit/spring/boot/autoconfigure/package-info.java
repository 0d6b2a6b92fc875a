/**
 * Spring Boot auto-configuration for cqrs-kit: the buses from the context's handler beans, the outbox on the
 * application's {@code DataSource} joining Spring transactions, the relay as a {@code SmartLifecycle}, the EventBridge
 * publisher, health, the {@code cqrsoutbox} endpoint and Micrometer meters. Every bean backs off when the application
 * declares its own. See docs/spring-boot.md.
 */
package dev.cqrskit.spring.boot.autoconfigure;
