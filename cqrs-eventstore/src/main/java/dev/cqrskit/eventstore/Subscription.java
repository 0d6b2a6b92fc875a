package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * A durable subscription's definition: its id (the key of its checkpoint), its handlers per event type, where it
 * starts, and what resets its read model. {@link Subscriptions} runs it.
 *
 * <pre>{@code
 * Subscription userDirectory = Subscription.builder("UserDirectory")
 *         .on(UserRegistered.class, (event, metadata, handle) -> handle.execute(
 *                 "INSERT INTO user_directory (id, email) VALUES (?, ?)", event.id(), event.email()))
 *         .on(EmailChanged.class, (event, metadata, handle) -> handle.execute(
 *                 "UPDATE user_directory SET email = ? WHERE id = ?", event.email(), event.id()))
 *         .onReset(handle -> handle.execute("TRUNCATE user_directory"))
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#project} registers a {@link ProjectionHandler} instead: its writes are collected and run batched
 * with the batch, the fast way to fill a read model in the same database.
 *
 * <p>To rebuild a read model, register the subscription under a new id ("UserDirectory-v2") starting at
 * {@link StartPosition#BEGINNING}, let it catch up, then switch readers over. Events of types without a handler
 * are passed over (the checkpoint still moves past them).
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @since 0.1.0
 */
public final class Subscription {

    private final String id;
    private final Map<Class<?>, Delivery> handlers;
    private final StartPosition start;
    private final ResetHook resetHook;
    private final String tenant;
    private final Map<Class<?>, Optional<Delivery>> resolved = new ConcurrentHashMap<>();

    private Subscription(Builder builder) {
        this.id = builder.id;
        this.handlers = Map.copyOf(builder.handlers);
        this.start = builder.start;
        this.resetHook = builder.resetHook;
        this.tenant = builder.tenant;
    }

    /**
     * Starts a subscription definition.
     *
     * @param id the subscription's id, 1 to 200 characters; its checkpoint is stored under it
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the subscription's id */
    public String id() {
        return id;
    }

    /** @return where it starts the first time */
    public StartPosition startPosition() {
        return start;
    }

    /** @return the hook that resets its read model */
    public ResetHook resetHook() {
        return resetHook;
    }

    /** @return the tenant whose events it handles, or empty for all */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * Returns the handler of an event class: the one registered for it, else one registered for a supertype.
     *
     * @param type the event's class
     * @return the handler, or empty when the subscription passes this type over
     */
    Optional<Delivery> handlerFor(Class<?> type) {
        return resolved.computeIfAbsent(type, t -> {
            Delivery exact = handlers.get(t);
            if (exact != null) {
                return Optional.of(exact);
            }
            return handlers.entrySet().stream().filter(e -> e.getKey().isAssignableFrom(t))
                    .map(Map.Entry::getValue).findFirst();
        });
    }

    /**
     * Delivers one event to the handler of its type inside the caller's transaction, as the runner does for each
     * event of a batch: commands the handler dispatches continue the event's conversation. An event of a type without
     * a handler, or of another tenant than the subscription's, is passed over. Use it to test the handlers against a
     * real database, for example through cqrs-test's {@code ProjectionFixture.builder(metadata).delivering(message ->
     * subscription.deliver(message, handle))}; it moves no checkpoint. A projection handler's writes
     * ({@link Builder#project}) run before it returns.
     *
     * <p>This method is threadsafe if the handlers are.
     *
     * @param message the event and its metadata
     * @param handle  the transaction the handler writes through; it is not committed here
     * @return whether a handler took the event
     * @throws RuntimeException whatever the handler throws, unwrapped
     */
    public boolean deliver(EventMessage<?> message, Handle handle) {
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(handle, "handle must not be null");
        if (tenant != null && !tenant.equals(message.metadata().tenant().orElse(null))) {
            return false;
        }
        Optional<Delivery> handler = handlerFor(message.event().getClass());
        if (handler.isEmpty()) {
            return false;
        }
        BatchedWrites writes = new BatchedWrites(handle);
        try {
            handler.get().deliverIn(message, writes, 0, message.event().getClass().getName());
            writes.flush();
        } catch (HandlerFailedException failed) {
            // A projection handler's write failed in the flush: report what the database said, as for a handler.
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        return true;
    }

    /** Hands an event to its registered handler, of either kind, within a batch. */
    @FunctionalInterface
    interface Delivery {
        void deliver(DomainEvent event, Metadata metadata, BatchedWrites writes);

        /**
         * Delivers a decoded event with the writes open to it and the event's metadata as the message context, so
         * commands a handler dispatches continue the event's conversation.
         */
        default void deliverIn(EventMessage<?> message, BatchedWrites writes, long position, String eventType) {
            writes.open(position, eventType);
            try {
                MessageContext.runWith(message.metadata(), () -> deliver(message.event(), message.metadata(), writes));
            } finally {
                writes.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + id + ", handles " + handlers.keySet().stream().map(Class::getSimpleName).toList()
                + "]";
    }

    /**
     * Builds a {@link Subscription}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String id;
        private final Map<Class<?>, Delivery> handlers = new LinkedHashMap<>();
        private StartPosition start = StartPosition.BEGINNING;
        private ResetHook resetHook = ResetHook.NONE;
        private String tenant;

        private Builder(String id) {
            Objects.requireNonNull(id, "id must not be null");
            if (id.isBlank() || id.length() > 200 || id.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("subscription id must have 1 to 200 characters, not be blank and"
                        + " hold no NUL, but was '" + id.replace("\0", "\\0") + "'");
            }
            this.id = id;
        }

        /**
         * Registers the handler of one event type (or of a supertype, such as an aggregate's sealed interface).
         *
         * @param type    the event type
         * @param handler handles it in the batch transaction
         * @param <E>     the event type
         * @return this builder
         * @throws IllegalArgumentException if the type already has a handler
         */
        public <E extends DomainEvent> Builder on(Class<E> type, SubscriptionHandler<? super E> handler) {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(handler, "handler must not be null");
            // The writes a projection handler collected before this event run first, so the order holds.
            return register(type, (event, metadata, writes) -> handler.handle(type.cast(event), metadata,
                    writes.handle()));
        }

        /**
         * Registers the projection handler of one event type (or of a supertype): its writes are collected and run
         * as batched statements with the batch, before the checkpoint moves.
         *
         * <pre>{@code
         * Subscription.builder("Carts").project(ItemAdded.class, (event, metadata, writes) -> writes.add(
         *         "INSERT INTO cart_items (cart, items) VALUES (?, 1) ON CONFLICT (cart)"
         *                 + " DO UPDATE SET items = cart_items.items + 1", event.cart()));
         * }</pre>
         *
         * @param type    the event type
         * @param handler adds the event's writes
         * @param <E>     the event type
         * @return this builder
         * @throws IllegalArgumentException if the type already has a handler (of either kind)
         */
        public <E extends DomainEvent> Builder project(Class<E> type, ProjectionHandler<? super E> handler) {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(handler, "handler must not be null");
            return register(type, (event, metadata, writes) -> handler.handle(type.cast(event), metadata, writes));
        }

        private Builder register(Class<?> type, Delivery delivery) {
            if (handlers.putIfAbsent(type, delivery) != null) {
                throw new IllegalArgumentException("Subscription " + id + " already has a handler for "
                        + type.getName() + "; register one handler per event type.");
            }
            return this;
        }

        /**
         * Sets where the subscription starts the first time; {@link StartPosition#BEGINNING} by default.
         *
         * @param start the start position
         * @return this builder
         */
        public Builder startAt(StartPosition start) {
            this.start = Objects.requireNonNull(start, "start must not be null");
            return this;
        }

        /**
         * Sets the hook that resets the read model when the subscription is created or reset.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder onReset(ResetHook hook) {
            this.resetHook = Objects.requireNonNull(hook, "hook must not be null");
            return this;
        }

        /**
         * Restricts the subscription to one tenant's events; the others are passed over.
         *
         * @param tenant the tenant
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant must not be null");
            return this;
        }

        /**
         * Builds the subscription.
         *
         * @return the subscription
         * @throws IllegalStateException if no handler is registered
         */
        public Subscription build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Subscription " + id + " has no handler. Register one with"
                        + " Subscription.builder(\"" + id + "\").on(SomeEvent.class, (event, metadata, handle) -> ...).");
            }
            return new Subscription(this);
        }
    }
}
