package dev.cqrskit.outbox.schema;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when the cqrs-kit schema cannot be installed: a resource is missing, a statement failed, the install lock
 * was not granted in time. The message names the version and says how to fix it.
 *
 * @since 0.1.0
 */
public final class SchemaInstallException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and how to fix it
     */
    public SchemaInstallException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened and how to fix it
     * @param cause   the underlying failure
     */
    public SchemaInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
