package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Metadata;

/**
 * Handles one event type for a subscription by adding read-model writes that run batched with the rest of the batch,
 * in the transaction that moves the checkpoint: the fast way to build a read model in the same database. Register it
 * with {@link Subscription.Builder#project}.
 *
 * <pre>{@code
 * Subscription carts = Subscription.builder("Carts")
 *         .project(ItemAdded.class, (event, metadata, writes) -> writes.add(
 *                 "INSERT INTO cart_items (cart, items) VALUES (?, 1) ON CONFLICT (cart)"
 *                         + " DO UPDATE SET items = cart_items.items + 1", event.cart()))
 *         .build();
 * }</pre>
 *
 * <p>Throwing, or a failing write, rolls back the whole batch; the runner retries, then marks the subscription failed
 * at the event. Effects outside the database are at-least-once, as for {@link SubscriptionHandler}.
 *
 * @param <E> the event type
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProjectionHandler<E extends DomainEvent> {

    /**
     * Handles an event.
     *
     * @param event    the event
     * @param metadata its metadata
     * @param writes   collects the writes for this batch
     */
    void handle(E event, Metadata metadata, ProjectionWrites writes);
}
