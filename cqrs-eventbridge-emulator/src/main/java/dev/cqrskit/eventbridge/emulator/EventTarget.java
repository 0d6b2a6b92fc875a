package dev.cqrskit.eventbridge.emulator;

/**
 * Receives the events that a rule of the {@link EventBridgeEmulator} matched: the in-process stand-in for a
 * Lambda function, an SQS queue or any other EventBridge target.
 *
 * <p>The emulator calls {@link #deliver(EmulatedEvent)} on its server thread before it answers the PutEvents call,
 * so a target has seen an event by the time the client's call returns. Several server threads may call one target
 * at once: implementations must be threadsafe. An exception thrown by a target is logged and does not fail the
 * PutEvents call, as a failing target does not fail a real PutEvents call either.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventTarget {

    /**
     * Receives one matched event.
     *
     * @param event the event, in the envelope EventBridge delivers to targets
     */
    void deliver(EmulatedEvent event);
}
