package dev.cqrskit.eventstore;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when the event store cannot do what was asked for a reason other than a concurrent change: the schema is
 * missing, a statement failed, a stored event does not decode. The message says what and how to fix it.
 *
 * @since 0.1.0
 */
public final class EventStoreException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public EventStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
