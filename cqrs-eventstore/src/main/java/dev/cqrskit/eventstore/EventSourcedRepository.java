package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.EventSourcedAggregate;
import dev.cqrskit.core.domain.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Stores {@link EventSourcedAggregate}s as event streams: one stream per aggregate, named
 * {@code aggregateType + ":" + id}, whose version is the aggregate's.
 *
 * <pre>{@code
 * final class EventSourcedAccounts extends EventSourcedRepository<Account, AccountId, AccountEvent>
 *         implements Accounts {
 *     EventSourcedAccounts(EventStore store, MetadataFactory metadata) {
 *         super("Account", store, metadata, AccountEvent.class, Account::restore);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #save} appends the uncommitted events at the version the aggregate was loaded at ({@code noStream} for a
 * new one), joining the transaction open on the thread; a concurrent change throws
 * {@link ConcurrencyConflictException} with nothing stored. Pass a store from {@link EventStore#publishingTo} to
 * write the events to the outbox in the same transaction. Saving an aggregate that recorded nothing stores nothing.
 *
 * <p>This class is threadsafe; aggregates are not: load one per command.
 *
 * @param <A>  the aggregate type
 * @param <ID> the identity type
 * @param <E>  the aggregate's event type
 * @since 0.1.0
 */
public class EventSourcedRepository<A extends EventSourcedAggregate<ID, E>, ID, E extends DomainEvent>
        implements Repository<A, ID> {

    private final String aggregateType;
    private final EventStore store;
    private final MetadataFactory metadata;
    private final Class<E> eventType;
    private final BiFunction<ID, List<E>, A> restore;

    /**
     * Creates the repository.
     *
     * @param aggregateType the aggregate's type name, the prefix of its streams ("Account")
     * @param store         the event store
     * @param metadata      stamps the events with metadata caused by the command being handled
     * @param eventType     the aggregate's event type
     * @param restore       rebuilds an aggregate from its id and history, e.g. {@code Account::restore}
     */
    public EventSourcedRepository(String aggregateType, EventStore store, MetadataFactory metadata,
                                  Class<E> eventType, BiFunction<ID, List<E>, A> restore) {
        this.aggregateType = Objects.requireNonNull(aggregateType, "aggregateType must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
        this.eventType = Objects.requireNonNull(eventType, "eventType must not be null");
        this.restore = Objects.requireNonNull(restore, "restore must not be null");
    }

    /**
     * Returns the stream of an aggregate.
     *
     * @param id the aggregate's id
     * @return {@code aggregateType + ":" + id}
     */
    public String streamId(ID id) {
        return aggregateType + ":" + id;
    }

    @Override
    public final Optional<A> find(ID id) {
        Objects.requireNonNull(id, "id must not be null");
        List<RecordedEvent> stored = store.readStream(streamId(id), 1);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<E> history = new ArrayList<>(stored.size());
        for (RecordedEvent recorded : stored) {
            if (!eventType.isInstance(recorded.event())) {
                throw new EventStoreException("Stream " + recorded.streamId() + " holds "
                        + recorded.event().getClass().getName() + " at version " + recorded.streamVersion()
                        + ", which is not a " + eventType.getName() + ".");
            }
            history.add(eventType.cast(recorded.event()));
        }
        A aggregate = Objects.requireNonNull(restore.apply(id, List.copyOf(history)), "restore returned null");
        if (aggregate.version() != history.size()) {
            throw new IllegalStateException("restore must replay the history: " + aggregate + " has version "
                    + aggregate.version() + " after " + history.size() + " events of " + streamId(id));
        }
        return Optional.of(aggregate);
    }

    @Override
    public final void save(A aggregate) {
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        List<DomainEvent> events = aggregate.uncommittedEvents();
        if (events.isEmpty()) {
            return;
        }
        List<EventMessage<DomainEvent>> messages = metadata.stamp(events);
        ExpectedVersion expected = aggregate.isNew() ? ExpectedVersion.noStream()
                : ExpectedVersion.exactly(aggregate.version());
        AppendResult result = store.append(streamId(aggregate.id()), expected, messages);
        aggregate.markCommitted(result.version());
    }
}
