package dev.cqrskit.core.bus;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.internal.ContextStack;
import dev.cqrskit.core.spi.Middleware;
import jakarta.inject.Provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Routes commands or queries to their handlers through a prebuilt middleware chain.
 *
 * <p>An exact type match is one {@link HashMap} lookup. A type with no exact registration is resolved once against
 * the registered supertypes (an interface or sealed parent) and the answer cached in a {@link ClassValue}, so the
 * exact path pays nothing for that feature. A deferred handler is made on the first dispatch of its type, and its
 * route is then replaced by the one a directly registered handler would have had. This class is threadsafe: its
 * state is immutable after construction, except for those one-time route replacements.
 */
final class RequestDispatcher {

    private final String kind;
    private final String kindPlural;
    private final String builderHint;
    private final Map<Class<?>, Middleware.Next> exact;
    private final Map<Class<?>, Middleware.Next> terminals;
    private final List<Middleware> middleware;
    private final MetadataFactory metadataFactory;
    private final UnaryOperator<Metadata> continuing;
    private final ClassValue<Middleware.Next> bySupertype = new ClassValue<>() {
        @Override
        protected Middleware.Next computeValue(Class<?> type) {
            return resolveBySupertype(type);
        }
    };

    private RequestDispatcher(Builder builder) {
        this.kind = builder.kind;
        this.kindPlural = builder.kindPlural;
        this.builderHint = builder.builderHint;
        this.middleware = List.copyOf(builder.middleware);
        this.metadataFactory = builder.metadataFactory;
        this.continuing = metadataFactory::continuing;
        Map<Class<?>, Middleware.Next> bound = new LinkedHashMap<>();
        builder.terminals.forEach((type, terminal) ->
                bound.put(type, terminal instanceof Deferred deferred ? deferred.boundTo(this) : terminal));
        this.terminals = Map.copyOf(bound);
        Map<Class<?>, Middleware.Next> routes = new HashMap<>();
        bound.forEach((type, terminal) -> routes.put(type, compose(type, terminal)));
        this.exact = routes;
    }

    /**
     * Starts a dispatcher.
     *
     * @param kind        "command" or "query", for messages
     * @param kindPlural  "commands" or "queries", for messages
     * @param builderHint how to register a handler, for messages, e.g. "CommandBus.builder().handle"
     * @return a builder
     */
    static Builder builder(String kind, String kindPlural, String builderHint) {
        return new Builder(kind, kindPlural, builderHint);
    }

    /**
     * Dispatches on the calling thread.
     *
     * @param request  the request
     * @param metadata its metadata, or {@code null} to continue the current conversation
     * @return the handler's result
     */
    Object dispatch(Request<?> request, Metadata metadata) {
        if (request == null) {
            throw new NullPointerException(kind + " must not be null");
        }
        Class<?> type = request.getClass();
        Middleware.Next route = exact.get(type);
        if (route == null) {
            route = bySupertype.get(type);
            if (route == null) {
                throw noHandler(type);
            }
        }
        ContextStack<Metadata> stack = ContextStack.current();
        stack.push(metadata, continuing);
        try {
            return route.invoke(request);
        } finally {
            stack.pop();
        }
    }

    /**
     * Dispatches on an executor; the metadata is fixed on the calling thread so the conversation continues.
     *
     * @param request  the request
     * @param metadata its metadata, or {@code null} to continue the current conversation
     * @param executor where the handler runs
     * @return the handler's result, later
     */
    CompletableFuture<Object> dispatchAsync(Request<?> request, Metadata metadata, Executor executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        Metadata fixed = metadata != null ? metadata : metadataFactory.next();
        return CompletableFuture.supplyAsync(() -> dispatch(request, fixed), executor);
    }

    @SuppressWarnings("unchecked")
    <R> R send(Request<R> request, Metadata metadata) {
        return (R) dispatch(request, metadata);
    }

    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> sendAsync(Request<R> request, Metadata metadata, Executor executor) {
        return (CompletableFuture<R>) (CompletableFuture<?>) dispatchAsync(request, metadata, executor);
    }

    static Metadata requireMetadata(Metadata metadata) {
        return Objects.requireNonNull(metadata,
                "metadata must not be null; call the overload without metadata to have it made");
    }

    private Middleware.Next compose(Class<?> type, Middleware.Next terminal) {
        Middleware.Next chain = terminal;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            Middleware layer = middleware.get(i);
            if (layer.appliesTo(type)) {
                chain = new Link(layer, chain);
            }
        }
        return chain;
    }

    private Middleware.Next resolveBySupertype(Class<?> type) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> registered : terminals.keySet()) {
            if (registered.isAssignableFrom(type)) {
                candidates.add(registered);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        List<Class<?>> mostSpecific = candidates.stream()
                .filter(c -> candidates.stream().noneMatch(o -> o != c && c.isAssignableFrom(o)))
                .collect(Collectors.toList());
        if (mostSpecific.size() > 1) {
            return request -> {
                throw new NoHandlerException(type, "Ambiguous handlers for " + kind + " " + type.getName()
                        + ": it is a subtype of " + names(mostSpecific) + ", each with a handler."
                        + " Register a handler for " + type.getSimpleName() + " itself with " + builderHint
                        + "(" + type.getSimpleName() + ".class, handler).");
            };
        }
        Middleware.Next terminal = terminals.get(mostSpecific.get(0));
        return compose(type, terminal instanceof Deferred deferred ? deferred.current() : terminal);
    }

    /**
     * Puts a deferred handler's direct route in the place of the deferred one. The slot of an existing key is
     * overwritten in place, which changes no structure of the {@link HashMap}: a concurrent dispatch reads either
     * route, both of which reach the same handler, and the new route is safely published through its final fields.
     */
    private void replaceRoute(Class<?> type, Middleware.Next terminal) {
        exact.replace(type, compose(type, terminal));
    }

    private NoHandlerException noHandler(Class<?> type) {
        return new NoHandlerException(type, "No handler registered for " + kind + " " + type.getName() + ".\n"
                + "Registered " + kindPlural + ": " + names(terminals.keySet()) + ".\n"
                + "Register one with " + builderHint + "(" + type.getSimpleName() + ".class, handler).");
    }

    private static String names(Iterable<Class<?>> types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.getSimpleName()));
        names.sort(null);
        return names.toString();
    }

    /** One prebuilt link of a middleware chain. */
    private static final class Link implements Middleware.Next {
        private final Middleware middleware;
        private final Middleware.Next next;

        Link(Middleware middleware, Middleware.Next next) {
            this.middleware = middleware;
            this.next = next;
        }

        @Override
        public Object invoke(Request<?> request) {
            return middleware.invoke(request, next);
        }
    }

    /**
     * The end of a chain whose handler is made on first use. Once made, the dispatcher's route for the type is
     * replaced by the direct one, so later dispatches never come here; only a route cached for a subtype before that
     * still passes through, with one volatile read. When first dispatches race, the handler may be made more than
     * once; no lock is held while it is made, so a DI container's own locks cannot deadlock with ours.
     */
    private static final class Deferred implements Middleware.Next {
        private final Class<?> type;
        private final Supplier<Middleware.Next> make;
        private final RequestDispatcher owner;
        private volatile Middleware.Next made;

        Deferred(Class<?> type, Supplier<Middleware.Next> make, RequestDispatcher owner) {
            this.type = type;
            this.make = make;
            this.owner = owner;
        }

        /** Each built dispatcher gets its own, so a builder built twice makes two independent buses. */
        Deferred boundTo(RequestDispatcher dispatcher) {
            return new Deferred(type, make, dispatcher);
        }

        Middleware.Next current() {
            Middleware.Next terminal = made;
            return terminal != null ? terminal : this;
        }

        @Override
        public Object invoke(Request<?> request) {
            Middleware.Next terminal = made;
            if (terminal == null) {
                terminal = make.get();
                made = terminal;
                owner.replaceRoute(type, terminal);
            }
            return terminal.invoke(request);
        }
    }

    /** Collects handlers and middleware. Not threadsafe. */
    static final class Builder {
        private final String kind;
        private final String kindPlural;
        private final String builderHint;
        private final Map<Class<?>, Middleware.Next> terminals = new LinkedHashMap<>();
        private final List<Middleware> middleware = new ArrayList<>();
        private MetadataFactory metadataFactory = MetadataFactory.systemDefault();

        private Builder(String kind, String kindPlural, String builderHint) {
            this.kind = kind;
            this.kindPlural = kindPlural;
            this.builderHint = builderHint;
        }

        /**
         * Registers the end of a chain for a type.
         *
         * @param type     the request type
         * @param terminal calls the handler
         */
        void handle(Class<?> type, Middleware.Next terminal) {
            Objects.requireNonNull(type, kind + " type must not be null");
            Objects.requireNonNull(terminal, "handler for " + type.getName() + " must not be null");
            if (terminals.putIfAbsent(type, terminal) != null) {
                throw new DuplicateHandlerException("A handler for " + kind + " " + type.getName()
                        + " is already registered; each " + kind + " type has exactly one handler."
                        + " Remove one of the two registrations of " + type.getSimpleName() + ".");
            }
        }

        /**
         * Registers the end of a chain that is made on the first dispatch of the type; from then on the type's route
         * is the one {@link #handle} would have built with it.
         *
         * @param type     the request type
         * @param provider supplies the handler, once
         * @param terminal makes the end of the chain that calls the handler
         * @param <H>      the handler type
         */
        <H> void handleDeferred(Class<?> type, Provider<? extends H> provider,
                                Function<? super H, Middleware.Next> terminal) {
            Objects.requireNonNull(provider, () -> "provider for " + type + " must not be null");
            handle(type, new Deferred(type, () -> terminal.apply(Objects.requireNonNull(provider.get(),
                    () -> "provider " + provider + " returned null for " + type.getName()
                            + "; it must return the handler")), null));
        }

        /** @param layer the next (inner) middleware */
        void middleware(Middleware layer) {
            middleware.add(Objects.requireNonNull(layer, "middleware must not be null"));
        }

        /** @param factory makes metadata for dispatches without any */
        void metadataFactory(MetadataFactory factory) {
            this.metadataFactory = Objects.requireNonNull(factory, "metadataFactory must not be null");
        }

        /** @return the dispatcher */
        RequestDispatcher build() {
            return new RequestDispatcher(this);
        }
    }
}
