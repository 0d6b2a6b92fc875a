package dev.cqrskit.core.bus;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.spi.Middleware;
import jakarta.inject.Provider;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends each query to its one handler, through the middleware chain.
 *
 * <pre>{@code
 * QueryBus queries = QueryBus.builder()
 *         .handle(UserById.class, query -> views.find(query.id()))
 *         .middleware(caching.middleware())
 *         .build();
 * Optional<UserView> user = queries.dispatch(new UserById(id));
 * }</pre>
 *
 * <p>Behaves like {@link CommandBus} in every respect: metadata, middleware order, missing handlers, async.
 * Implementations are threadsafe and immutable once built.
 *
 * @since 0.1.0
 */
public interface QueryBus {

    /**
     * Answers a query on the calling thread.
     *
     * @param query the query
     * @param <R>   the answer type
     * @return the handler's answer
     * @throws NoHandlerException if no handler is registered for the query's type
     */
    <R> R dispatch(Query<R> query);

    /**
     * Answers a query with the given metadata on the calling thread.
     *
     * @param query    the query
     * @param metadata the query's metadata, used as given
     * @param <R>      the answer type
     * @return the handler's answer
     * @throws NoHandlerException if no handler is registered for the query's type
     */
    <R> R dispatch(Query<R> query, Metadata metadata);

    /**
     * Answers a query on an executor, continuing the calling thread's conversation.
     *
     * @param query    the query
     * @param executor runs the handler
     * @param <R>      the answer type
     * @return the answer, later
     */
    <R> CompletableFuture<R> dispatchAsync(Query<R> query, Executor executor);

    /**
     * Answers a query with the given metadata on an executor.
     *
     * @param query    the query
     * @param metadata the query's metadata, used as given
     * @param executor runs the handler
     * @param <R>      the answer type
     * @return the answer, later
     */
    <R> CompletableFuture<R> dispatchAsync(Query<R> query, Metadata metadata, Executor executor);

    /**
     * Starts building a query bus.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Registers handlers and middleware, then builds an immutable {@link QueryBus}. Not threadsafe.
     *
     * @since 0.1.0
     */
    final class Builder {
        private final RequestDispatcher.Builder dispatcher = RequestDispatcher.builder(
                "query", "queries", "QueryBus.builder().handle");

        private Builder() {
        }

        /**
         * Registers the handler of a query type. A handler registered for an interface or sealed parent also
         * answers its subtypes that have no handler of their own.
         *
         * @param type    the query type
         * @param handler its handler
         * @param <Q>     the query type
         * @param <R>     the answer type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         */
        public <Q extends Query<R>, R> Builder handle(Class<Q> type, QueryHandler<? super Q, R> handler) {
            Objects.requireNonNull(handler, () -> "handler for " + type + " must not be null");
            dispatcher.handle(type, terminal(handler));
            return this;
        }

        /**
         * Registers a handler looked up from a DI container on every dispatch.
         *
         * @param type     the query type
         * @param provider supplies the handler
         * @param <Q>      the query type
         * @param <R>      the answer type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         */
        @SuppressWarnings("unchecked")
        public <Q extends Query<R>, R> Builder handleLazily(
                Class<Q> type, Provider<? extends QueryHandler<? super Q, R>> provider) {
            Objects.requireNonNull(provider, () -> "provider for " + type + " must not be null");
            dispatcher.handle(type, request -> ((QueryHandler<Q, R>) provider.get()).handle((Q) request));
            return this;
        }

        /**
         * Registers a handler looked up from a DI container once, on the first dispatch of its type; from then on
         * the bus calls it directly, at the cost of a handler registered with {@link #handle}. Use it for a
         * singleton handler that cannot exist when the bus is built, for example one that itself depends on the bus;
         * use {@link #handleLazily} when the container's scopes must apply on every dispatch.
         *
         * <p>The provider is called on the dispatching thread; if it throws, the dispatch fails with its exception
         * and the next dispatch calls it again. When first dispatches race on several threads it may be called more
         * than once, so it must return the same handler each time.
         *
         * @param type     the query type
         * @param provider supplies the handler; must not return {@code null}
         * @param <Q>      the query type
         * @param <R>      the answer type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         * @since 0.1.0
         */
        public <Q extends Query<R>, R> Builder handleDeferred(
                Class<Q> type, Provider<? extends QueryHandler<? super Q, R>> provider) {
            dispatcher.handleDeferred(type, provider, Builder::terminal);
            return this;
        }

        /**
         * Adds a middleware inside the ones added before it: the first added is the outermost.
         *
         * @param middleware the middleware
         * @return this builder
         */
        public Builder middleware(Middleware middleware) {
            dispatcher.middleware(middleware);
            return this;
        }

        /**
         * Sets the source of clock and ids for dispatches without metadata.
         *
         * @param metadataFactory the factory
         * @return this builder
         */
        public Builder metadataFactory(MetadataFactory metadataFactory) {
            dispatcher.metadataFactory(metadataFactory);
            return this;
        }

        /**
         * Builds the bus and composes every middleware chain.
         *
         * @return the bus
         */
        public QueryBus build() {
            return new RoutingQueryBus(dispatcher.build());
        }

        /** The end of a chain that calls the handler: one shape for handlers registered directly and deferred. */
        @SuppressWarnings("unchecked")
        private static <Q extends Query<R>, R> Middleware.Next terminal(QueryHandler<? super Q, R> handler) {
            QueryHandler<Q, R> typed = (QueryHandler<Q, R>) handler;
            return request -> typed.handle((Q) request);
        }
    }
}
