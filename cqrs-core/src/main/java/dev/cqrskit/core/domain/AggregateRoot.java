package dev.cqrskit.core.domain;

import dev.cqrskit.core.DomainEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The root of a consistency boundary: it enforces invariants, records what happened as events, and carries the
 * version used for optimistic concurrency.
 *
 * <p>Create aggregates through intention-revealing factories, and restore them from storage through a constructor
 * that takes the stored state and version, without reflection:
 * <pre>{@code
 * final class User extends AggregateRoot<UserId> {
 *     private Email email;
 *
 *     private User(UserId id, long version, Email email) {
 *         super(id, version);
 *         this.email = email;
 *     }
 *
 *     static User register(UserId id, Email email) {
 *         User user = new User(id, NEW, email);
 *         user.record(new UserRegistered(id, email));
 *         return user;
 *     }
 *
 *     static User restore(UserId id, long version, Email email) {
 *         return new User(id, version, email);
 *     }
 * }
 * }</pre>
 *
 * <p>The version is the one the aggregate was loaded at ({@link #NEW} if it was never stored). A repository saves
 * only if the stored version still equals it, then calls {@link #markCommitted(long)}. Aggregates are not
 * threadsafe: load one per command.
 *
 * @param <ID> the identity type
 * @since 0.1.0
 */
public abstract class AggregateRoot<ID> {

    /** The version of an aggregate that has never been stored. */
    public static final long NEW = 0;

    private final ID id;
    private long version;
    private final List<DomainEvent> uncommitted = new ArrayList<>(2);

    /**
     * Creates or restores an aggregate.
     *
     * @param id      its identity
     * @param version {@link #NEW}, or the stored version it is restored at
     */
    protected AggregateRoot(ID id, long version) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        if (version < NEW) {
            throw new IllegalArgumentException("version must be >= 0, but was " + version);
        }
        this.version = version;
    }

    /** @return the aggregate's identity */
    public final ID id() {
        return id;
    }

    /** @return the version it was loaded at, or {@link #NEW} */
    public final long version() {
        return version;
    }

    /** @return whether it has never been stored */
    public final boolean isNew() {
        return version == NEW;
    }

    /**
     * Records an event to be saved with the aggregate.
     *
     * @param event what happened
     */
    protected void record(DomainEvent event) {
        uncommitted.add(Objects.requireNonNull(event, "event must not be null"));
    }

    /** @return the events recorded since it was loaded or last saved, oldest first; unmodifiable */
    public final List<DomainEvent> uncommittedEvents() {
        return List.copyOf(uncommitted);
    }

    /**
     * Tells the aggregate its changes were stored: clears the recorded events and moves to the new version.
     * Repositories call this after a successful save.
     *
     * @param newVersion the version now stored
     * @throws IllegalArgumentException if {@code newVersion} is not greater than the current version
     */
    public final void markCommitted(long newVersion) {
        if (newVersion <= version) {
            throw new IllegalArgumentException("newVersion must be greater than the current version " + version
                    + ", but was " + newVersion);
        }
        uncommitted.clear();
        version = newVersion;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + ", version=" + version + "]";
    }
}
