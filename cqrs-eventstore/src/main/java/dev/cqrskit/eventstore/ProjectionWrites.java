package dev.cqrskit.eventstore;

import org.jdbi.v3.core.Handle;

/**
 * Collects a subscription batch's read-model writes and runs them as batched statements (one JDBC batch per run of
 * the same SQL, a few round trips for the whole batch) in the batch's transaction, just before the checkpoint moves:
 * they commit exactly once, with it.
 *
 * <pre>{@code
 * ProjectionHandler<ItemAdded> handler = (event, metadata, writes) -> writes.add(
 *         "INSERT INTO cart_items (cart, items) VALUES (?, ?) ON CONFLICT (cart)"
 *                 + " DO UPDATE SET items = cart_items.items + excluded.items", event.cart(), event.quantity());
 * }</pre>
 *
 * <p>Writes run in the order they were added, also across the handlers of one subscription: a plain
 * {@link SubscriptionHandler} of the same subscription first runs the writes collected before it. A statement that
 * fails fails the batch like a throwing handler: the runner narrows it down to the event that added it. Valid only
 * during the handler call it is passed to; not threadsafe (one runner thread uses it).
 *
 * @since 0.1.0
 */
public interface ProjectionWrites {

    /**
     * Adds a statement to run with the batch.
     *
     * @param sql       a statement with positional {@code ?} parameters, usually an insert or upsert
     * @param arguments its arguments, bound as Jdbi binds positional arguments; an element may be null
     * @throws IllegalStateException if called after the handler call that received this object returned
     */
    void add(String sql, Object... arguments);

    /**
     * Runs the writes added so far and returns the batch's handle, for a handler that must read what it wrote.
     *
     * @return the batch's transaction; do not commit, roll back or close it
     * @throws IllegalStateException if called after the handler call that received this object returned
     */
    Handle handle();
}
