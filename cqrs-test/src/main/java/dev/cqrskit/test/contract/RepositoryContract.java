package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.AggregateNotFoundException;
import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.Repository;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link Repository} as a JUnit 5 test: extend it once per implementation, so the in-memory fake
 * and the PostgreSQL repositories are held to the same rules and cannot drift apart.
 *
 * <pre>{@code
 * class JdbiAccountsContractIT extends RepositoryContract<Account, AccountId> {
 *     protected Repository<Account, AccountId> repository() { return accounts; }
 *     protected AccountId newId() { return AccountId.random(); }
 *     protected Account create(AccountId id) { return Account.open(id, "Ada"); }
 *     protected void change(Account account) { account.deposit(10); }
 *     protected Object stateOf(Account account) { return account.balance(); }
 *     protected List<? extends DomainEvent> storedEvents(AccountId id) { return outbox.eventsOf(id); }
 * }
 * }</pre>
 *
 * <p>What it checks, from {@link Repository}'s javadoc: a save stores the aggregate and its events atomically only
 * if the stored version equals the loaded one, else stores nothing and throws {@link ConcurrencyConflictException}
 * (a new aggregate whose id exists too); a successful save marks the aggregate committed at a higher version;
 * {@code find} returns independent copies; concurrent read-modify-write cycles lose no update. Each test uses
 * fresh ids from {@link #newId()}, so one repository may serve every test. The repository must be threadsafe (one
 * test saves from four threads); the contract class itself is not, and JUnit makes one instance per test.
 *
 * @param <A>  the aggregate type
 * @param <ID> the identity type
 * @since 0.1.0
 */
public abstract class RepositoryContract<A extends AggregateRoot<ID>, ID> {

    /** Creates the contract test; subclasses are JUnit test classes. */
    protected RepositoryContract() {
    }

    /** @return the repository under test */
    protected abstract Repository<A, ID> repository();

    /** @return an id no aggregate has yet */
    protected abstract ID newId();

    /**
     * Creates a new aggregate that has recorded at least one event.
     *
     * @param id its id
     * @return the new, never saved aggregate
     */
    protected abstract A create(ID id);

    /**
     * Changes an aggregate so that it records at least one event and its {@link #stateOf} changes.
     *
     * @param aggregate the aggregate
     */
    protected abstract void change(A aggregate);

    /**
     * Returns the observable state of an aggregate as a value with {@code equals}, for example a record.
     *
     * @param aggregate the aggregate
     * @return its state
     */
    protected abstract Object stateOf(A aggregate);

    /**
     * Returns the events stored for an aggregate so far, oldest first (an outbox, an event stream).
     *
     * @param id the aggregate's id
     * @return the stored events
     */
    protected abstract List<? extends DomainEvent> storedEvents(ID id);

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(repository().find(newId())).isEmpty();
    }

    @Test
    void getFailsWithAggregateNotFoundForAnUnknownId() {
        ID id = newId();

        assertThatThrownBy(() -> repository().get(id))
                .isInstanceOf(AggregateNotFoundException.class)
                .hasMessageContaining(String.valueOf(id));
    }

    @Test
    void savesANewAggregateAndMarksItCommitted() {
        A aggregate = create(newId());
        List<DomainEvent> recorded = aggregate.uncommittedEvents();

        repository().save(aggregate);

        assertThat(aggregate.version()).isGreaterThan(AggregateRoot.NEW);
        assertThat(aggregate.uncommittedEvents()).isEmpty();
        assertThat(stored(aggregate.id())).containsExactlyElementsOf(recorded);
    }

    @Test
    void loadsASavedAggregateAtTheSavedVersionAndState() {
        A aggregate = create(newId());
        repository().save(aggregate);

        A loaded = repository().get(aggregate.id());

        assertThat(loaded).isNotSameAs(aggregate);
        assertThat(loaded.version()).isEqualTo(aggregate.version());
        assertThat(loaded.uncommittedEvents()).isEmpty();
        assertThat(stateOf(loaded)).isEqualTo(stateOf(aggregate));
    }

    @Test
    void savesTheSameInstanceAgainAfterASuccessfulSave() {
        A aggregate = create(newId());
        repository().save(aggregate);
        long first = aggregate.version();

        change(aggregate);
        repository().save(aggregate);

        assertThat(aggregate.version()).isGreaterThan(first);
        assertThat(repository().get(aggregate.id()).version()).isEqualTo(aggregate.version());
        assertThat(stateOf(repository().get(aggregate.id()))).isEqualTo(stateOf(aggregate));
    }

    @Test
    void rejectsANewAggregateWhoseIdExistsAndKeepsTheStoredOne() {
        ID id = newId();
        A first = create(id);
        repository().save(first);
        List<DomainEvent> before = stored(id);
        A duplicate = create(id);
        change(duplicate);

        assertThatThrownBy(() -> repository().save(duplicate))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining(String.valueOf(id));
        assertThat(duplicate.isNew()).isTrue();
        assertThat(duplicate.uncommittedEvents()).isNotEmpty();
        assertThat(stored(id)).containsExactlyElementsOf(before);
        assertThat(stateOf(repository().get(id))).isEqualTo(stateOf(first));
    }

    @Test
    void rejectsASaveOfAStaleCopyAndStoresNothing() {
        // given
        A created = create(newId());
        repository().save(created);
        A winner = repository().get(created.id());
        A loser = repository().get(created.id());
        change(winner);
        repository().save(winner);
        List<DomainEvent> afterWinner = stored(created.id());

        // when
        change(loser);
        long loserVersion = loser.version();
        List<DomainEvent> loserEvents = loser.uncommittedEvents();

        // then
        assertThatThrownBy(() -> repository().save(loser))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining(String.valueOf(created.id()))
                .hasMessageContaining("version " + loserVersion);
        assertThat(loser.version()).isEqualTo(loserVersion);
        assertThat(loser.uncommittedEvents()).isEqualTo(loserEvents);
        assertThat(stored(created.id())).containsExactlyElementsOf(afterWinner);
        A stored = repository().get(created.id());
        assertThat(stored.version()).isEqualTo(winner.version());
        assertThat(stateOf(stored)).isEqualTo(stateOf(winner));
    }

    @Test
    void findReturnsAnIndependentCopy() {
        A aggregate = create(newId());
        repository().save(aggregate);
        Object savedState = stateOf(aggregate);

        A loaded = repository().get(aggregate.id());
        change(loaded);
        change(aggregate);

        A again = repository().get(aggregate.id());
        assertThat(again).isNotSameAs(loaded);
        assertThat(again.version()).isEqualTo(aggregate.version());
        assertThat(again.uncommittedEvents()).isEmpty();
        assertThat(stateOf(again)).isEqualTo(savedState);
    }

    @Test
    void concurrentReadModifyWriteCyclesLoseNoUpdate() throws Exception {
        A created = create(newId());
        repository().save(created);
        int storedAtStart = stored(created.id()).size();
        AtomicInteger savedEvents = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        Race.run(4, 25, () -> {
            A loaded = repository().get(created.id());
            change(loaded);
            int events = loaded.uncommittedEvents().size();
            try {
                repository().save(loaded);
                savedEvents.addAndGet(events);
            } catch (ConcurrencyConflictException expected) {
                conflicts.incrementAndGet();
            }
        });

        assertThat(savedEvents.get()).isPositive();
        assertThat(stored(created.id())).hasSize(storedAtStart + savedEvents.get());
    }

    private List<DomainEvent> stored(ID id) {
        return List.copyOf(storedEvents(id));
    }
}
