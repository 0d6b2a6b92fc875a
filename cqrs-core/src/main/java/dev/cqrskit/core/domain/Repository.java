package dev.cqrskit.core.domain;

import java.util.Optional;

/**
 * Loads and saves aggregates of one type, with optimistic concurrency. Domain code extends it under a plural
 * domain noun ({@code interface Users extends Repository<User, UserId>}); adapters implement it
 * ({@code JdbiUsers}).
 *
 * <p>Contract for implementations (cqrs-test ships a contract test that checks it):
 * <ul>
 *   <li>{@link #save} stores the aggregate and its uncommitted events atomically, only if the stored version
 *       still equals {@link AggregateRoot#version()}; otherwise it stores nothing and throws
 *       {@link ConcurrencyConflictException}. A new aggregate whose id exists is a conflict too.</li>
 *   <li>After a successful save it calls {@link AggregateRoot#markCommitted(long)}.</li>
 *   <li>{@link #find} returns an independent copy: changing it changes nothing stored until saved.</li>
 *   <li>Saving an event-sourced aggregate that recorded nothing stores nothing and leaves its version as it is. A
 *       state-stored aggregate is saved (and its version moves on) whether or not it recorded events.</li>
 * </ul>
 *
 * @param <A>  the aggregate type
 * @param <ID> the identity type
 * @since 0.1.0
 */
public interface Repository<A extends AggregateRoot<ID>, ID> {

    /**
     * Loads an aggregate.
     *
     * @param id its identity
     * @return the aggregate, or empty if none has that id
     */
    Optional<A> find(ID id);

    /**
     * Loads an aggregate that must exist.
     *
     * @param id its identity
     * @return the aggregate
     * @throws AggregateNotFoundException if none has that id
     */
    default A get(ID id) {
        return find(id).orElseThrow(() -> new AggregateNotFoundException(id));
    }

    /**
     * Stores an aggregate and its uncommitted events.
     *
     * @param aggregate the aggregate
     * @throws ConcurrencyConflictException if it was changed since it was loaded
     */
    void save(A aggregate);
}
