/**
 * Publishes outbox events to Amazon EventBridge: {@link dev.cqrskit.eventbridge.EventBridgePublisher} implements
 * cqrs-core's {@code EventPublisher} with PutEvents, configured by
 * {@link dev.cqrskit.eventbridge.EventBridgePublisherConfig} and per-type {@link dev.cqrskit.eventbridge.EventMapping}s;
 * {@link dev.cqrskit.eventbridge.EventBridgeClients} builds a lean SDK client.
 *
 * @since 0.1.0
 */
package dev.cqrskit.eventbridge;
