package dev.cqrskit.outbox.jdbi;

import dev.cqrskit.outbox.EventRecorder;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.Repository;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The base of a Jdbi repository for state-stored aggregates: it saves the aggregate's state, checks its version and
 * records its events (in the outbox, or in the aggregate's event stream and the outbox) in one transaction, and raises
 * {@link ConcurrencyConflictException} when another transaction changed the aggregate first.
 *
 * <p>A subclass writes three statements; the version check lives in its {@code UPDATE}'s {@code WHERE} clause and in
 * the primary key that rejects a second insert:
 * <pre>{@code
 * final class JdbiUsers extends JdbiAggregateRepository<User, UserId> implements Users {
 *     JdbiUsers(HandleSource handles, EventRecorder events, MetadataFactory metadata, CommittedEvents committed) {
 *         super("User", handles, events, metadata, committed);
 *     }
 *     protected Optional<User> load(Handle h, UserId id) {
 *         return h.select("SELECT email, version FROM users WHERE id = ?", id.value())
 *                 .map((rs, ctx) -> User.restore(id, rs.getLong("version"), new Email(rs.getString("email"))))
 *                 .findOne();
 *     }
 *     protected void insert(Handle h, User user, long version) {
 *         h.execute("INSERT INTO users (id, email, version) VALUES (?, ?, ?)", user.id().value(), user.email(), version);
 *     }
 *     protected int update(Handle h, User user, long expectedVersion, long newVersion) {
 *         return h.execute("UPDATE users SET email = ?, version = ? WHERE id = ? AND version = ?",
 *                 user.email(), newVersion, user.id().value(), expectedVersion);
 *     }
 * }
 * }</pre>
 *
 * <p>{@code save} joins the transaction open on the thread ({@link HandleSource}), or runs in its own. Once that
 * transaction commits, the saved events reach {@link CommittedEvents}; on rollback they never do. The
 * state is written before the events, so the row lock taken by the {@code UPDATE} (or the key taken by the
 * {@code INSERT}) orders concurrent saves of one aggregate, which keeps its events in order in the outbox. Each save
 * adds one to the version. Events are keyed {@code aggregateType + ":" + id}.
 *
 * <p>Where the events go is the {@link EventRecorder} given to the constructor: an {@link Outbox} writes outbox rows;
 * cqrs-eventstore's {@code EventStore.recorder(outbox)} also appends them to the stream named by the key, so that
 * subscriptions can build read models from a state-stored aggregate. A save the version check refuses records
 * nothing.
 *
 * <p>Subclasses are threadsafe if their statements are; aggregates are not: load one per command.
 *
 * @param <A>  the aggregate type
 * @param <ID> the identity type
 * @since 0.1.0
 */
public abstract class JdbiAggregateRepository<A extends AggregateRoot<ID>, ID> implements Repository<A, ID> {

    private static final String UNIQUE_VIOLATION = "23505";

    private final String aggregateType;
    private final HandleSource transactions;
    private final EventRecorder events;
    private final MetadataFactory metadata;
    private final CommittedEvents committed;

    /**
     * Creates the repository.
     *
     * @param aggregateType the aggregate's type name, in errors and ordering keys ("User")
     * @param transactions  supplies the thread's transaction
     * @param events        records the events in the transaction: an {@link Outbox}, or an event store's recorder
     * @param metadata      stamps the events with metadata caused by the command being handled
     * @param committed     receives the saved events after their transaction commits
     */
    protected JdbiAggregateRepository(String aggregateType, HandleSource transactions, EventRecorder events,
                                      MetadataFactory metadata, CommittedEvents committed) {
        this.aggregateType = Objects.requireNonNull(aggregateType, "aggregateType must not be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
        this.events = Objects.requireNonNull(events, "events must not be null");
        this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
        this.committed = Objects.requireNonNull(committed, "committed must not be null");
    }

    /**
     * Loads an aggregate's state and version.
     *
     * @param handle the transaction's handle
     * @param id     the aggregate's id
     * @return the aggregate, restored at its stored version, or empty
     */
    protected abstract Optional<A> load(Handle handle, ID id);

    /**
     * Inserts a new aggregate's state; a row with the same id must make it fail with a unique violation.
     *
     * @param handle    the transaction's handle
     * @param aggregate the aggregate
     * @param version   the version to store (1)
     */
    protected abstract void insert(Handle handle, A aggregate, long version);

    /**
     * Updates a stored aggregate's state only if its stored version is {@code expectedVersion}.
     *
     * @param handle          the transaction's handle
     * @param aggregate       the aggregate
     * @param expectedVersion the version it was loaded at
     * @param newVersion      the version to store
     * @return the number of rows updated: 1, or 0 when the version no longer matches
     */
    protected abstract int update(Handle handle, A aggregate, long expectedVersion, long newVersion);

    /**
     * Returns the ordering key of an aggregate's events.
     *
     * @param id the aggregate's id
     * @return {@code aggregateType + ":" + id}
     */
    protected String orderingKey(ID id) {
        return aggregateType + ":" + id;
    }

    @Override
    public final Optional<A> find(ID id) {
        Objects.requireNonNull(id, "id must not be null");
        return transactions.withHandle(handle -> load(handle, id));
    }

    @Override
    public final void save(A aggregate) {
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        long expected = aggregate.version();
        long next = expected + 1;
        List<EventMessage<DomainEvent>> stamped = metadata.stamp(aggregate.uncommittedEvents());
        transactions.withHandle(handle -> {
            if (aggregate.isNew()) {
                insertNew(handle, aggregate, next);
            } else if (update(handle, aggregate, expected, next) != 1) {
                long actual = load(handle, aggregate.id()).map(AggregateRoot::version).orElse(-1L);
                throw ConcurrencyConflictException.of(aggregateType, aggregate.id(), expected, actual);
            }
            events.record(handle, orderingKey(aggregate.id()), expected, stamped);
            if (committed != CommittedEvents.NONE && !stamped.isEmpty()) {
                transactions.afterCommit(() -> committed.committed(stamped));
            }
            return null;
        });
        aggregate.markCommitted(next);
    }

    private void insertNew(Handle handle, A aggregate, long version) {
        try {
            insert(handle, aggregate, version);
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                ConcurrencyConflictException conflict = ConcurrencyConflictException.of(aggregateType,
                        aggregate.id(), AggregateRoot.NEW, -1);
                conflict.initCause(e);
                throw conflict;
            }
            throw e;
        }
    }
}
