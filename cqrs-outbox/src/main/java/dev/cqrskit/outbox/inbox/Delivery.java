package dev.cqrskit.outbox.inbox;

/**
 * What an {@link InboxConsumer} did with one delivered event. Every outcome is final for the broker: acknowledge
 * the delivery (commit the offset, answer the Lambda invocation). Only an exception thrown by
 * {@link InboxConsumer#consume} means the delivery must come again.
 *
 * @since 0.1.0
 */
public enum Delivery {
    /** The handler ran and its effects committed with the inbox entry. */
    HANDLED,
    /** The inbox already held this message for this consumer: nothing ran. */
    DUPLICATE,
    /** The handler kept failing (or the event did not decode): the delivery is parked for an operator. */
    PARKED,
    /** An earlier delivery of the same ordering key is parked: this one waits behind it, parked in order. */
    HELD
}
