package dev.cqrskit.core.bus;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when a command or query is dispatched and no handler is registered for its type.
 *
 * @since 0.1.0
 */
public final class NoHandlerException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final Class<?> requestType;

    /**
     * Creates the exception.
     *
     * @param requestType the type that has no handler
     * @param message     what is registered and how to register a handler
     */
    public NoHandlerException(Class<?> requestType, String message) {
        super(message);
        this.requestType = requestType;
    }

    /** @return the command or query type that has no handler */
    public Class<?> requestType() {
        return requestType;
    }
}
