package dev.cqrskit.core.bus;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when a bus is built with two handlers for the same command or query type.
 *
 * @since 0.1.0
 */
public final class DuplicateHandlerException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which type was registered twice and how to fix it
     */
    public DuplicateHandlerException(String message) {
        super(message);
    }
}
