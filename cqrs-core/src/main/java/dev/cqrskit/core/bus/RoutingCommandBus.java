package dev.cqrskit.core.bus;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Metadata;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The {@link CommandBus} the builder makes: a command-only view of a {@link RequestDispatcher}. */
final class RoutingCommandBus implements CommandBus {

    private final RequestDispatcher dispatcher;

    RoutingCommandBus(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public <R> R dispatch(Command<R> command) {
        return dispatcher.send(command, null);
    }

    @Override
    public <R> R dispatch(Command<R> command, Metadata metadata) {
        return dispatcher.send(command, RequestDispatcher.requireMetadata(metadata));
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Executor executor) {
        return dispatcher.sendAsync(command, null, executor);
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Metadata metadata, Executor executor) {
        return dispatcher.sendAsync(command, RequestDispatcher.requireMetadata(metadata), executor);
    }
}
