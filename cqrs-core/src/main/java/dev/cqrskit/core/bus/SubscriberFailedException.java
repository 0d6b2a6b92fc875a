package dev.cqrskit.core.bus;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown by {@link EventBus#publish} under {@link SubscriberFailurePolicy#THROW_AFTER_ALL} when one or more
 * subscribers failed. Its cause is the first failure; the others are suppressed exceptions.
 *
 * @since 0.1.0
 */
public final class SubscriberFailedException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which event and how many subscribers failed
     * @param cause   the first failure
     */
    public SubscriberFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
