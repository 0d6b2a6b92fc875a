package dev.cqrskit.core.domain;

import dev.cqrskit.core.CqrsException;

/**
 * A business rule said no: the reason is written for a human ("Email ada@example.com is already registered").
 *
 * <p>Extend it with one exception per rule ({@code EmailAlreadyRegisteredException}); adapters map these to
 * client errors (HTTP 4xx), never to server errors. Not a {@link dev.cqrskit.core.CqrsException}: those are the
 * library's own failures.
 *
 * @since 0.1.0
 */
public class DomainException extends CqrsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the rule refused, for a human
     */
    public DomainException(String reason) {
        super(reason);
    }

    /** @return why the rule refused, for a human */
    public String reason() {
        return getMessage();
    }
}
