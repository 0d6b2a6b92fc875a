package dev.cqrskit.core;

/**
 * The root of every exception cqrs-kit itself throws; domain failures use {@code DomainException} instead.
 *
 * <p>Messages say what happened, what exists and how to fix it.
 *
 * @since 0.1.0
 */
public class CqrsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what happened and how to fix it
     */
    public CqrsException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what happened and how to fix it
     * @param cause   the underlying failure
     */
    public CqrsException(String message, Throwable cause) {
        super(message, cause);
    }
}
