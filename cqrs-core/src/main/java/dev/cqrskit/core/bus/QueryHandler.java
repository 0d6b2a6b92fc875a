package dev.cqrskit.core.bus;

import dev.cqrskit.core.Query;

/**
 * Answers one type of query from a read model, without changing state.
 *
 * <pre>{@code
 * QueryHandler<UserById, Optional<UserView>> handler = query -> views.find(query.id());
 * }</pre>
 *
 * @param <Q> the query type
 * @param <R> the answer type
 * @since 0.1.0
 */
@FunctionalInterface
public interface QueryHandler<Q extends Query<R>, R> {

    /**
     * Answers a query.
     *
     * @param query the query, never null
     * @return the answer
     */
    R handle(Q query);
}
