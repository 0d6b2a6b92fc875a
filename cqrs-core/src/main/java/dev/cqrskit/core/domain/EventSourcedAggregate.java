package dev.cqrskit.core.domain;

import java.util.Objects;

/**
 * An aggregate whose state is the fold of its events: every change is an event, applied by {@link #apply}.
 *
 * <pre>{@code
 * final class Account extends EventSourcedAggregate<AccountId, AccountEvent> {
 *     private long balance;
 *
 *     private Account(AccountId id) {
 *         super(id);
 *     }
 *
 *     static Account open(AccountId id) {
 *         Account account = new Account(id);
 *         account.raise(new AccountOpened(id));
 *         return account;
 *     }
 *
 *     static Account restore(AccountId id, List<AccountEvent> history) {
 *         Account account = new Account(id);
 *         account.replay(history);
 *         return account;
 *     }
 *
 *     void deposit(long amount) {
 *         raise(new MoneyDeposited(id(), amount));
 *     }
 *
 *     protected void apply(AccountEvent event) {
 *         switch (event) { ... }   // or if/else with instanceof on Java 17
 *     }
 * }
 * }</pre>
 *
 * <p>The version is the number of events stored. No reflection is used: the subclass routes events itself.
 *
 * @param <ID> the identity type
 * @param <E>  the aggregate's event type, usually a sealed interface
 * @since 0.1.0
 */
public abstract class EventSourcedAggregate<ID, E extends dev.cqrskit.core.DomainEvent> extends AggregateRoot<ID> {

    /**
     * Creates an aggregate with no history.
     *
     * @param id its identity
     */
    protected EventSourcedAggregate(ID id) {
        super(id, NEW);
    }

    /**
     * Changes the state for one event. Must not fail: the event already happened.
     *
     * @param event the event
     */
    protected abstract void apply(E event);

    /**
     * Applies a new event and records it to be saved.
     *
     * @param event what happened
     */
    protected final void raise(E event) {
        Objects.requireNonNull(event, "event must not be null");
        apply(event);
        record(event);
    }

    /**
     * Rebuilds the state from stored events and sets the version to their count. Call it once, before any
     * {@link #raise}.
     *
     * @param history the stored events, oldest first
     * @throws IllegalStateException if the aggregate already has events or history
     */
    protected final void replay(Iterable<? extends E> history) {
        Objects.requireNonNull(history, "history must not be null");
        if (!isNew() || !uncommittedEvents().isEmpty()) {
            throw new IllegalStateException("replay() restores an aggregate once, before it changes; "
                    + this + " already has history or new events");
        }
        long count = 0;
        for (E event : history) {
            apply(event);
            count++;
        }
        if (count > 0) {
            markCommitted(count);
        }
    }
}
