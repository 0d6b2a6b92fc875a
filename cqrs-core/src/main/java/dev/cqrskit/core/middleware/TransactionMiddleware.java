package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.core.Command;
import dev.cqrskit.core.Request;

import java.util.Objects;

/**
 * Runs each command handler in a transaction from a {@link TransactionBoundary}: the aggregate's state and its
 * outbox rows commit or roll back together. Queries are not wrapped.
 *
 * <p>Put {@link RetryMiddleware} outside this middleware, so each retry gets a fresh transaction.
 *
 * @since 0.1.0
 */
public final class TransactionMiddleware implements Middleware {

    private final TransactionBoundary boundary;

    /**
     * Creates the middleware.
     *
     * @param boundary opens and closes transactions
     */
    public TransactionMiddleware(TransactionBoundary boundary) {
        this.boundary = Objects.requireNonNull(boundary, "boundary must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        return boundary.inTransaction(() -> next.invoke(request));
    }

    @Override
    public boolean appliesTo(Class<?> requestType) {
        return Command.class.isAssignableFrom(requestType);
    }
}
