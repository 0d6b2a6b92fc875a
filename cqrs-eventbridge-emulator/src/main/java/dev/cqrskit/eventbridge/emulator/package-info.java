/**
 * A local Amazon EventBridge: {@link dev.cqrskit.eventbridge.emulator.EventBridgeEmulator} speaks the real
 * PutEvents wire protocol on 127.0.0.1, validates requests as strictly as AWS, routes events to rules written as
 * event patterns, records them and injects faults. It depends on no test library, so an application's {@code main}
 * can run it as its local broker; cqrs-test adds JUnit conveniences on top.
 *
 * @since 0.1.0
 */
package dev.cqrskit.eventbridge.emulator;
