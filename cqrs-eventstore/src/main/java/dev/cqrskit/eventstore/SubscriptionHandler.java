package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Metadata;
import org.jdbi.v3.core.Handle;

/**
 * Handles one event type for a subscription, inside the transaction that also moves the subscription's checkpoint:
 * writes through {@code handle} commit exactly once with it.
 *
 * <pre>{@code
 * SubscriptionHandler<UserRegistered> handler = (event, metadata, handle) ->
 *         handle.execute("INSERT INTO user_directory (id, email) VALUES (?, ?)", event.id(), event.email());
 * }</pre>
 *
 * <p>Throwing rolls back the whole batch; the runner retries, then marks the subscription failed at this event. A
 * handler must not commit, roll back or close the handle. Effects outside the database (an e-mail, an HTTP call)
 * are at-least-once: the batch may run again after a crash.
 *
 * @param <E> the event type
 * @since 0.1.0
 */
@FunctionalInterface
public interface SubscriptionHandler<E extends DomainEvent> {

    /**
     * Handles an event.
     *
     * @param event    the event
     * @param metadata its metadata
     * @param handle   the batch's transaction
     */
    void handle(E event, Metadata metadata, Handle handle);
}
