package dev.cqrskit.outbox;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when the outbox, the relay or the inbox cannot do its work: the database refused a statement, an event
 * could not be serialized, an event type is not registered. The message says what happened and how to fix it.
 *
 * @since 0.1.0
 */
public final class OutboxException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and how to fix it
     */
    public OutboxException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened and how to fix it
     * @param cause   the underlying failure
     */
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
