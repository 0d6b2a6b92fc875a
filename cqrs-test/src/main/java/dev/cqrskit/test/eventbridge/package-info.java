/**
 * JUnit 5 conveniences on top of the EventBridge emulator artifact ({@code cqrs-eventbridge-emulator}):
 * {@link dev.cqrskit.test.eventbridge.EventBridgeEmulatorExtension} runs a strict emulator per class or per test.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.eventbridge;
