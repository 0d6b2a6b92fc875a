/**
 * A local Amazon EventBridge for tests: {@link dev.cqrskit.test.eventbridge.EventBridgeEmulator} speaks the real
 * PutEvents wire protocol on 127.0.0.1, routes events to rules written as event patterns, records them for
 * assertions and injects faults. Needs the optional dependencies {@code event-ruler} and {@code jackson-databind}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.test.eventbridge;
