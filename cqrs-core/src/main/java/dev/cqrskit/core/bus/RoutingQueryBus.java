package dev.cqrskit.core.bus;

import dev.cqrskit.core.Query;
import dev.cqrskit.core.Metadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The {@link QueryBus} the builder makes: a query-only view of a {@link RequestDispatcher}. */
final class RoutingQueryBus implements QueryBus {

    private final RequestDispatcher dispatcher;

    RoutingQueryBus(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public <R> R dispatch(Query<R> query) {
        return dispatcher.send(query, null);
    }

    @Override
    public <R> R dispatch(Query<R> query, Metadata metadata) {
        return dispatcher.send(query, RequestDispatcher.requireMetadata(metadata));
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Query<R> query, Executor executor) {
        return dispatcher.sendAsync(query, null, executor);
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Query<R> query, Metadata metadata, Executor executor) {
        return dispatcher.sendAsync(query, RequestDispatcher.requireMetadata(metadata), executor);
    }
}
