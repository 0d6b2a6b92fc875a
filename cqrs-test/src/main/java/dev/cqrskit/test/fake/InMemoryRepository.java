package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.EventSourcedAggregate;
import dev.cqrskit.core.domain.Repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A {@link Repository} in memory that keeps the real contract: optimistic concurrency by version, atomic saves,
 * independent copies from {@link #find}, and every saved event kept with its metadata for assertions.
 *
 * <pre>{@code
 * InMemoryRepository<Wallet, WalletId> wallets =
 *         InMemoryRepository.stateStored(Wallet::copy, new MetadataFactory(clock, ids));
 * InMemoryRepository<Account, AccountId> accounts =
 *         InMemoryRepository.eventSourced(Account::restore, new MetadataFactory(clock, ids));
 * }</pre>
 *
 * <p>Saved events are stamped with {@link MetadataFactory#stamp(List)}, so inside a handler they carry the
 * command's correlation id and its message id as causation id, as the PostgreSQL repository's outbox rows do. To
 * implement a domain-specific port ({@code interface Users extends Repository<User, UserId>}), extend this class
 * through {@link #InMemoryRepository(InMemoryRepository)}. It passes {@code RepositoryContract}, the contract test
 * the PostgreSQL repositories run too.
 *
 * <p>This class is threadsafe: saves and loads are serialized on the repository.
 *
 * @param <A>  the aggregate type
 * @param <ID> the identity type
 * @since 0.1.0
 */
public class InMemoryRepository<A extends AggregateRoot<ID>, ID> implements Repository<A, ID> {

    private final Storage<A, ID> storage;
    private final MetadataFactory metadataFactory;
    private final Object lock;
    private final Map<ID, Stored<A>> aggregates;
    private final List<EventMessage<DomainEvent>> log;

    private InMemoryRepository(Storage<A, ID> storage, MetadataFactory metadataFactory) {
        this.storage = storage;
        this.metadataFactory = Objects.requireNonNull(metadataFactory, "metadataFactory must not be null");
        this.lock = new Object();
        this.aggregates = new LinkedHashMap<>();
        this.log = new ArrayList<>();
    }

    /**
     * Creates a repository that shares the storage of another; lets a subclass implement a domain port:
     * <pre>{@code
     * final class InMemoryUsers extends InMemoryRepository<User, UserId> implements Users {
     *     InMemoryUsers(MetadataFactory metadata) {
     *         super(InMemoryRepository.stateStored(User::copy, metadata));
     *     }
     * }
     * }</pre>
     *
     * @param template the repository whose storage this one uses; discard it afterwards
     */
    protected InMemoryRepository(InMemoryRepository<A, ID> template) {
        Objects.requireNonNull(template, "template must not be null");
        this.storage = template.storage;
        this.metadataFactory = template.metadataFactory;
        this.lock = template.lock;
        this.aggregates = template.aggregates;
        this.log = template.log;
    }

    /**
     * Returns a repository for state-stored aggregates that keeps a copy of each saved aggregate.
     *
     * @param copy            makes an independent copy at the same version, with no uncommitted events, usually
     *                        through the aggregate's restore factory:
     *                        {@code user -> User.restore(user.id(), user.version(), user.email())}
     * @param metadataFactory stamps the saved events
     * @param <A>             the aggregate type
     * @param <ID>            the identity type
     * @return an empty repository
     */
    public static <A extends AggregateRoot<ID>, ID> InMemoryRepository<A, ID> stateStored(
            UnaryOperator<A> copy, MetadataFactory metadataFactory) {
        Objects.requireNonNull(copy, "copy must not be null");
        return new InMemoryRepository<>(new StateStorage<>(copy), metadataFactory);
    }

    /**
     * Returns a repository for event-sourced aggregates that keeps each aggregate's events and restores it from
     * them; the version is the number of events.
     *
     * @param restore         makes the aggregate from its id and history, oldest first ({@code Account::restore})
     * @param metadataFactory stamps the saved events
     * @param <A>             the aggregate type
     * @param <ID>            the identity type
     * @param <E>             the event type
     * @return an empty repository
     */
    public static <A extends EventSourcedAggregate<ID, E>, ID, E extends DomainEvent> InMemoryRepository<A, ID>
    eventSourced(BiFunction<? super ID, ? super List<E>, ? extends A> restore, MetadataFactory metadataFactory) {
        Objects.requireNonNull(restore, "restore must not be null");
        return new InMemoryRepository<>(new HistoryStorage<>(restore), metadataFactory);
    }

    @Override
    public Optional<A> find(ID id) {
        Objects.requireNonNull(id, "id must not be null");
        synchronized (lock) {
            Stored<A> stored = aggregates.get(id);
            return stored == null ? Optional.empty() : Optional.of(storage.load(id, stored));
        }
    }

    @Override
    public void save(A aggregate) {
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        synchronized (lock) {
            ID id = aggregate.id();
            Stored<A> current = aggregates.get(id);
            long storedVersion = current == null ? AggregateRoot.NEW : current.version();
            if (current != null && aggregate.isNew() || storedVersion != aggregate.version()) {
                throw ConcurrencyConflictException.of(aggregate.getClass().getSimpleName(), id, aggregate.version(),
                        storedVersion);
            }
            List<DomainEvent> events = aggregate.uncommittedEvents();
            Stored<A> next = storage.next(aggregate, current, events);
            if (next.version() == storedVersion) {
                return;   // an event-sourced aggregate with nothing new: nothing to store
            }
            List<EventMessage<DomainEvent>> messages = metadataFactory.stamp(events);
            aggregates.put(id, next);
            log.addAll(messages);
            aggregate.markCommitted(next.version());
        }
    }

    /**
     * Stores an aggregate as it is, at its current version, as if it had been saved earlier: the given-step of a
     * test that starts from a restored state. Its uncommitted events are not stored.
     *
     * @param aggregate the aggregate, for example {@code Wallet.restore(WALLET, 3, 100)}
     * @throws IllegalStateException if this repository stores events (use {@link #givenHistory}), the aggregate is
     *                               new (save it instead), or its id exists
     */
    public void givenStored(A aggregate) {
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        if (aggregate.isNew()) {
            throw new IllegalStateException(aggregate + " is new; save(aggregate) stores a new aggregate.");
        }
        synchronized (lock) {
            if (aggregates.containsKey(aggregate.id())) {
                throw new IllegalStateException("Aggregate " + aggregate.id() + " already exists at version "
                        + aggregates.get(aggregate.id()).version() + ".");
            }
            aggregates.put(aggregate.id(), storage.asStored(aggregate));
        }
    }

    /**
     * Stores past events for an event-sourced aggregate, as if they had been saved: the given-step of a test.
     *
     * @param id      the aggregate's id
     * @param history its events, oldest first
     * @throws IllegalStateException if this repository stores state, not events, or the aggregate exists
     */
    public void givenHistory(ID id, List<? extends DomainEvent> history) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(history, "history must not be null");
        synchronized (lock) {
            if (aggregates.containsKey(id)) {
                throw new IllegalStateException("Aggregate " + id + " already exists at version "
                        + aggregates.get(id).version() + "; give its whole history in one call.");
            }
            aggregates.put(id, storage.fromHistory(id, history));
            log.addAll(metadataFactory.stamp(history));
        }
    }

    /** @return every event saved so far, with its metadata, in the order they were saved; a snapshot */
    public List<EventMessage<DomainEvent>> savedEvents() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /**
     * Returns the version stored for an aggregate.
     *
     * @param id the aggregate's id
     * @return its stored version, or empty if none is stored
     */
    public Optional<Long> storedVersion(ID id) {
        synchronized (lock) {
            Stored<A> stored = aggregates.get(id);
            return stored == null ? Optional.empty() : Optional.of(stored.version());
        }
    }

    /**
     * Returns the events saved for one aggregate, oldest first.
     *
     * @param id the aggregate's id
     * @return its events, or an empty list
     */
    public List<DomainEvent> eventsOf(ID id) {
        Objects.requireNonNull(id, "id must not be null");
        synchronized (lock) {
            Stored<A> stored = aggregates.get(id);
            return stored == null ? List.of() : stored.events();
        }
    }

    /** @return the ids of the stored aggregates, in the order they were first saved; a snapshot */
    public List<ID> ids() {
        synchronized (lock) {
            return List.copyOf(aggregates.keySet());
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InMemoryRepository" + aggregates.keySet();
        }
    }

    /** What is stored for one aggregate: its version, its events, and a snapshot if the storage keeps one. */
    record Stored<A>(long version, List<DomainEvent> events, A snapshot) {
    }

    /** How aggregates are kept: as state snapshots or as histories. */
    interface Storage<A extends AggregateRoot<ID>, ID> {
        A load(ID id, Stored<A> stored);

        Stored<A> next(A aggregate, Stored<A> current, List<DomainEvent> newEvents);

        Stored<A> fromHistory(ID id, List<? extends DomainEvent> history);

        Stored<A> asStored(A aggregate);
    }
}
