package dev.cqrskit.core.bus;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.spi.EventBusListener;
import jakarta.inject.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delivers domain events, in process and on the calling thread, to every subscriber of the event's type or of any
 * of its supertypes, in the order they were registered.
 *
 * <pre>{@code
 * EventBus events = EventBus.builder()
 *         .subscribe(UserRegistered.class, event -> mailer.sendWelcome(event.email()))
 *         .subscribe(DomainEvent.class, audit::record)   // every event
 *         .build();
 * events.publish(new UserRegistered(id, email));
 * }</pre>
 *
 * <p>While a subscriber runs, {@link dev.cqrskit.core.MessageContext} holds the event's metadata, so commands it
 * dispatches carry the event's correlation id and the event's id as causation id. What happens when a subscriber
 * throws is set by {@link SubscriberFailurePolicy}; in every case all subscribers are called. An event with no
 * subscriber is not an error. For delivery that survives a crash, publish through the outbox instead.
 *
 * <p>Implementations are threadsafe and immutable once built.
 *
 * @since 0.1.0
 */
public interface EventBus {

    /**
     * Publishes an event with metadata caused by the message being handled on this thread (or a new conversation).
     *
     * @param event the event
     * @throws SubscriberFailedException under {@link SubscriberFailurePolicy#THROW_AFTER_ALL}, if a subscriber failed
     */
    void publish(DomainEvent event);

    /**
     * Publishes an event with its metadata, as given.
     *
     * @param message the event and its metadata
     * @throws SubscriberFailedException under {@link SubscriberFailurePolicy#THROW_AFTER_ALL}, if a subscriber failed
     */
    void publish(EventMessage<?> message);

    /**
     * Publishes events one after the other, in order. Under {@link SubscriberFailurePolicy#THROW_AFTER_ALL} a
     * failure stops before the next event.
     *
     * @param messages the events and their metadata
     * @throws SubscriberFailedException under {@link SubscriberFailurePolicy#THROW_AFTER_ALL}, if a subscriber failed
     */
    default void publishAll(List<? extends EventMessage<?>> messages) {
        Objects.requireNonNull(messages, "messages must not be null");
        for (EventMessage<?> message : messages) {
            publish(message);
        }
    }

    /**
     * Starts building an event bus.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Registers subscribers, then builds an immutable {@link EventBus}. Not threadsafe.
     *
     * @since 0.1.0
     */
    final class Builder {
        final List<SubscribingEventBus.Subscription> subscriptions = new ArrayList<>();
        SubscriberFailurePolicy failurePolicy = SubscriberFailurePolicy.THROW_AFTER_ALL;
        EventBusListener listener = EventBusListener.NONE;
        MetadataFactory metadataFactory = MetadataFactory.systemDefault();

        private Builder() {
        }

        /**
         * Subscribes to an event type and all its subtypes.
         *
         * @param type       the event type, or a supertype such as a sealed interface or {@link DomainEvent}
         * @param subscriber the subscriber
         * @param <E>        the event type
         * @return this builder
         */
        public <E extends DomainEvent> Builder subscribe(Class<E> type, EventSubscriber<? super E> subscriber) {
            Objects.requireNonNull(type, "event type must not be null");
            Objects.requireNonNull(subscriber, () -> "subscriber for " + type.getName() + " must not be null");
            subscriptions.add(new SubscribingEventBus.Subscription(type, subscriber, null));
            return this;
        }

        /**
         * Subscribes a subscriber looked up from a DI container on every delivery.
         *
         * @param type     the event type
         * @param provider supplies the subscriber
         * @param <E>      the event type
         * @return this builder
         */
        public <E extends DomainEvent> Builder subscribeLazily(
                Class<E> type, Provider<? extends EventSubscriber<? super E>> provider) {
            Objects.requireNonNull(type, "event type must not be null");
            Objects.requireNonNull(provider, () -> "provider for " + type.getName() + " must not be null");
            subscriptions.add(new SubscribingEventBus.Subscription(type, null, provider));
            return this;
        }

        /**
         * Sets what happens when a subscriber throws; defaults to {@link SubscriberFailurePolicy#THROW_AFTER_ALL}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder failurePolicy(SubscriberFailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy must not be null");
            return this;
        }

        /**
         * Sets the source of metadata for {@link EventBus#publish(DomainEvent)}.
         *
         * @param metadataFactory the factory
         * @return this builder
         */
        public Builder metadataFactory(MetadataFactory metadataFactory) {
            this.metadataFactory = Objects.requireNonNull(metadataFactory, "metadataFactory must not be null");
            return this;
        }

        /**
         * Sets who hears of failing subscribers, for metrics; defaults to {@link EventBusListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(EventBusListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Builds the bus.
         *
         * @return the bus
         */
        public EventBus build() {
            return new SubscribingEventBus(this);
        }
    }
}
