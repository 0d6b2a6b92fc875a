package dev.cqrskit.core.middleware;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown by {@link AuthorizationMiddleware} when the {@link Authorizer} refuses a request; the handler did not run.
 *
 * @since 0.1.0
 */
public final class AccessDeniedException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message who was refused what
     */
    public AccessDeniedException(String message) {
        super(message);
    }
}
