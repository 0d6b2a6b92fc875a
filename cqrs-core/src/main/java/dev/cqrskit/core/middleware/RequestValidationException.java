package dev.cqrskit.core.middleware;

import dev.cqrskit.core.CqrsException;

import java.util.List;

/**
 * Thrown by {@link ValidationMiddleware} when a request has violations; the handler did not run.
 *
 * @since 0.1.0
 */
public final class RequestValidationException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    /**
     * Creates the exception.
     *
     * @param requestType the request's type
     * @param violations  what is wrong
     */
    public RequestValidationException(Class<?> requestType, List<String> violations) {
        super(requestType.getSimpleName() + " is invalid: " + String.join("; ", violations)
                + ". Fix these and send it again.");
        this.violations = List.copyOf(violations);
    }

    /** @return what is wrong, one sentence each */
    public List<String> violations() {
        return violations;
    }
}
