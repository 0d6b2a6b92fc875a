package dev.cqrskit.outbox;

import dev.cqrskit.core.EventMessage;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Records the events of one aggregate's save inside the caller's transaction, where the state change that produced
 * them is written: the seam between a state-stored repository ({@code JdbiAggregateRepository}) and what keeps its
 * events. {@link Outbox} records them as outbox rows; cqrs-eventstore's {@code EventStore.recorder(outbox)} appends
 * them to the aggregate's stream as well, so that subscriptions see them.
 *
 * <pre>{@code
 * EventRecorder events = outbox;                              // outbox rows only
 * EventRecorder events = eventStore.recorder(outbox);         // the aggregate's stream and outbox rows
 * JdbiUsers users = new JdbiUsers(transactions, events, metadataFactory, CommittedEvents.NONE);
 * }</pre>
 *
 * <p>An implementation writes through {@code handle} only, never in a transaction of its own, so that everything
 * commits or rolls back together; it must not commit, roll back or close the handle. It throws an unchecked exception
 * when it cannot record, and the caller's transaction must then roll back; a {@code ConcurrencyConflictException}
 * says the aggregate changed concurrently. Implementations are threadsafe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventRecorder {

    /**
     * Records the events of one save, in order; records nothing for an empty list.
     *
     * @param handle           the caller's handle, inside its transaction
     * @param orderingKey      the aggregate's key, {@code aggregateType + ":" + id}: the outbox's ordering key and
     *                         the event stream's id
     * @param aggregateVersion the aggregate's version before this save, {@code AggregateRoot.NEW} (0) for a new one
     * @param messages         the events and their metadata, in order
     */
    void record(Handle handle, String orderingKey, long aggregateVersion, List<? extends EventMessage<?>> messages);
}
