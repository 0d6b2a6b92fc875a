package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.Request;

import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link RequestValidator} before the handler and throws a {@link RequestValidationException} listing every
 * violation, so the handler only sees valid requests.
 *
 * <p>Threadsafe if the validator is.
 *
 * @since 0.1.0
 */
public final class ValidationMiddleware implements Middleware {

    private final RequestValidator validator;

    /**
     * Creates the middleware.
     *
     * @param validator checks each request
     */
    public ValidationMiddleware(RequestValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        List<String> violations = validator.violations(request);
        if (!violations.isEmpty()) {
            throw new RequestValidationException(request.getClass(), violations);
        }
        return next.invoke(request);
    }
}
