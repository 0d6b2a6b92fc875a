/**
 * The consumer side of EventBridge: {@link dev.cqrskit.eventbridge.consumer.EventBridgeConsumer} reads a delivered
 * event with {@link dev.cqrskit.eventbridge.EventBridgeEnvelope} and hands it to cqrs-outbox's
 * {@code InboxConsumer} (inbox, handler and parking in one transaction), from a Lambda function or any code that
 * receives the event's JSON; {@link dev.cqrskit.eventbridge.consumer.EmulatorTarget} makes it a rule target of the
 * local emulator.
 *
 * @since 0.1.0
 */
package dev.cqrskit.eventbridge.consumer;
