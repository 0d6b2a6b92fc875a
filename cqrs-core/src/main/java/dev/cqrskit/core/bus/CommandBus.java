package dev.cqrskit.core.bus;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.spi.Middleware;
import jakarta.inject.Provider;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends each command to its one handler, through the middleware chain.
 *
 * <pre>{@code
 * CommandBus commands = CommandBus.builder()
 *         .handle(RegisterUser.class, new RegisterUserHandler(users))
 *         .middleware(new LoggingMiddleware())
 *         .build();
 * UserId id = commands.dispatch(new RegisterUser("ada@example.com", "Ada"));
 * }</pre>
 *
 * <p>A dispatch without metadata continues the conversation of the message being handled on the calling thread
 * (same correlation id, causation id set to that message), or starts a new one. Handler exceptions reach the caller
 * unchanged. A command type with no handler fails with a {@link NoHandlerException} listing what is registered.
 *
 * <p>Implementations are threadsafe and immutable once built.
 *
 * @since 0.1.0
 */
public interface CommandBus {

    /**
     * Dispatches a command on the calling thread.
     *
     * @param command the command
     * @param <R>     the result type
     * @return the handler's result
     * @throws NoHandlerException if no handler is registered for the command's type
     */
    <R> R dispatch(Command<R> command);

    /**
     * Dispatches a command with the given metadata on the calling thread, for example with the correlation id of
     * an incoming HTTP request.
     *
     * @param command  the command
     * @param metadata the command's metadata, used as given
     * @param <R>      the result type
     * @return the handler's result
     * @throws NoHandlerException if no handler is registered for the command's type
     */
    <R> R dispatch(Command<R> command, Metadata metadata);

    /**
     * Dispatches a command on an executor. The metadata is fixed before the call returns, so the conversation of
     * the calling thread continues on the executor.
     *
     * @param command  the command
     * @param executor runs the handler
     * @param <R>      the result type
     * @return the result, or the handler's exception, when the handler has run
     */
    <R> CompletableFuture<R> dispatchAsync(Command<R> command, Executor executor);

    /**
     * Dispatches a command with the given metadata on an executor.
     *
     * @param command  the command
     * @param metadata the command's metadata, used as given
     * @param executor runs the handler
     * @param <R>      the result type
     * @return the result, or the handler's exception, when the handler has run
     */
    <R> CompletableFuture<R> dispatchAsync(Command<R> command, Metadata metadata, Executor executor);

    /**
     * Starts building a command bus.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Registers handlers and middleware, then builds an immutable {@link CommandBus}. Not threadsafe.
     *
     * @since 0.1.0
     */
    final class Builder {
        private final RequestDispatcher.Builder dispatcher = RequestDispatcher.builder(
                "command", "commands", "CommandBus.builder().handle");

        private Builder() {
        }

        /**
         * Registers the handler of a command type. A handler registered for an interface or sealed parent also
         * handles its subtypes that have no handler of their own.
         *
         * @param type    the command type
         * @param handler its handler
         * @param <C>     the command type
         * @param <R>     the result type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         */
        public <C extends Command<R>, R> Builder handle(Class<C> type, CommandHandler<? super C, R> handler) {
            Objects.requireNonNull(handler, () -> "handler for " + type + " must not be null");
            dispatcher.handle(type, terminal(handler));
            return this;
        }

        /**
         * Registers a handler for a command type that answers nothing.
         *
         * @param type    the command type
         * @param handler its handler
         * @param <C>     the command type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         */
        @SuppressWarnings("unchecked")
        public <C extends Command<Void>> Builder handleVoid(Class<C> type, Consumer<? super C> handler) {
            Objects.requireNonNull(handler, () -> "handler for " + type + " must not be null");
            dispatcher.handle(type, request -> {
                ((Consumer<Object>) handler).accept(request);
                return null;
            });
            return this;
        }

        /**
         * Registers a handler looked up from a DI container when a command arrives: {@code provider.get()} is
         * called on every dispatch, so the container's scopes apply.
         *
         * @param type     the command type
         * @param provider supplies the handler
         * @param <C>      the command type
         * @param <R>      the result type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         */
        @SuppressWarnings("unchecked")
        public <C extends Command<R>, R> Builder handleLazily(
                Class<C> type, Provider<? extends CommandHandler<? super C, R>> provider) {
            Objects.requireNonNull(provider, () -> "provider for " + type + " must not be null");
            dispatcher.handle(type, request -> ((CommandHandler<C, R>) provider.get()).handle((C) request));
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
         * @param type     the command type
         * @param provider supplies the handler; must not return {@code null}
         * @param <C>      the command type
         * @param <R>      the result type
         * @return this builder
         * @throws DuplicateHandlerException if the type already has a handler
         * @since 0.1.0
         */
        public <C extends Command<R>, R> Builder handleDeferred(
                Class<C> type, Provider<? extends CommandHandler<? super C, R>> provider) {
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
         * Sets the source of clock and ids for dispatches without metadata; defaults to
         * {@link MetadataFactory#systemDefault()}.
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
        public CommandBus build() {
            return new RoutingCommandBus(dispatcher.build());
        }

        /** The end of a chain that calls the handler: one shape for handlers registered directly and deferred. */
        @SuppressWarnings("unchecked")
        private static <C extends Command<R>, R> Middleware.Next terminal(CommandHandler<? super C, R> handler) {
            CommandHandler<C, R> typed = (CommandHandler<C, R>) handler;
            return request -> typed.handle((C) request);
        }
    }
}
