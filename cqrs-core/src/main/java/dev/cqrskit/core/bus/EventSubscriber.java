package dev.cqrskit.core.bus;

import dev.cqrskit.core.DomainEvent;

/**
 * Reacts to one type of domain event (or a supertype of several) delivered by the {@link EventBus}.
 *
 * <p>The event's metadata is available from {@link dev.cqrskit.core.MessageContext#current()}; commands dispatched
 * from here continue the event's conversation (an automation).
 *
 * @param <E> the event type
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventSubscriber<E extends DomainEvent> {

    /**
     * Reacts to an event.
     *
     * @param event the event, never null
     */
    void on(E event);
}
