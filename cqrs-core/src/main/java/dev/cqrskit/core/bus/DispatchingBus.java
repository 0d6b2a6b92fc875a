package dev.cqrskit.core.bus;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.internal.RequestDispatcher;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The {@link CommandBus} and {@link QueryBus} the builders make; one instance serves one of the two roles. */
final class DispatchingBus implements CommandBus, QueryBus {

    private final RequestDispatcher dispatcher;

    DispatchingBus(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public <R> R dispatch(Command<R> command) {
        return send(command, null);
    }

    @Override
    public <R> R dispatch(Command<R> command, Metadata metadata) {
        return send(command, requireMetadata(metadata));
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Executor executor) {
        return sendAsync(command, null, executor);
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Metadata metadata, Executor executor) {
        return sendAsync(command, requireMetadata(metadata), executor);
    }

    @Override
    public <R> R dispatch(Query<R> query) {
        return send(query, null);
    }

    @Override
    public <R> R dispatch(Query<R> query, Metadata metadata) {
        return send(query, requireMetadata(metadata));
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Query<R> query, Executor executor) {
        return sendAsync(query, null, executor);
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Query<R> query, Metadata metadata, Executor executor) {
        return sendAsync(query, requireMetadata(metadata), executor);
    }

    @SuppressWarnings("unchecked")
    private <R> R send(Request<R> request, Metadata metadata) {
        return (R) dispatcher.dispatch(request, metadata);
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> sendAsync(Request<R> request, Metadata metadata, Executor executor) {
        return (CompletableFuture<R>) (CompletableFuture<?>) dispatcher.dispatchAsync(request, metadata, executor);
    }

    private static Metadata requireMetadata(Metadata metadata) {
        return Objects.requireNonNull(metadata,
                "metadata must not be null; call the overload without metadata to have it made");
    }
}
