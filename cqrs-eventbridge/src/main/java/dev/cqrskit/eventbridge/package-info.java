/**
 * Publishes outbox events to Amazon EventBridge: {@link dev.cqrskit.eventbridge.EventBridgePublisher} implements
 * cqrs-core's {@code EventPublisher} with PutEvents, configured by
 * {@link dev.cqrskit.eventbridge.EventBridgePublisherConfig} and per-type {@link dev.cqrskit.eventbridge.EventMapping}s;
 * {@link dev.cqrskit.eventbridge.EventBridgeClients} builds a lean SDK client;
 * {@link dev.cqrskit.eventbridge.EventBridgeEnvelope} reads a delivered event back into the event that was published.
 * The consumer side is in {@code dev.cqrskit.eventbridge.consumer}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.eventbridge;
