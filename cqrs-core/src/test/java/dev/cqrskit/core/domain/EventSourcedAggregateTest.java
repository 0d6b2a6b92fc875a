package dev.cqrskit.core.domain;

import dev.cqrskit.core.DomainEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSourcedAggregateTest {

    sealed interface AccountEvent extends DomainEvent permits Opened, Deposited {
    }

    record Opened(String id) implements AccountEvent {
    }

    record Deposited(long amount) implements AccountEvent {
    }

    static final class Account extends EventSourcedAggregate<String, AccountEvent> {
        private long balance;
        private boolean open;

        private Account(String id) {
            super(id);
        }

        static Account open(String id) {
            Account account = new Account(id);
            account.raise(new Opened(id));
            return account;
        }

        static Account restore(String id, List<AccountEvent> history) {
            Account account = new Account(id);
            account.replay(history);
            return account;
        }

        void deposit(long amount) {
            if (amount <= 0) {
                throw new DomainException("A deposit must be positive, but was " + amount);
            }
            raise(new Deposited(amount));
        }

        @Override
        protected void apply(AccountEvent event) {
            if (event instanceof Opened) {
                open = true;
            } else if (event instanceof Deposited deposited) {
                balance += deposited.amount();
            }
        }

        void replayAgain(List<AccountEvent> history) {
            replay(history);
        }
    }

    @Test
    void raisingAnEventAppliesAndRecordsIt() {
        Account account = Account.open("a1");
        account.deposit(30);

        assertThat(account.balance).isEqualTo(30);
        assertThat(account.open).isTrue();
        assertThat(account.uncommittedEvents()).containsExactly(new Opened("a1"), new Deposited(30));
    }

    @Test
    void replayRebuildsStateAndSetsTheVersionToTheEventCountWithoutRecording() {
        Account account = Account.restore("a1", List.of(new Opened("a1"), new Deposited(10), new Deposited(5)));

        assertThat(account.balance).isEqualTo(15);
        assertThat(account.version()).isEqualTo(3);
        assertThat(account.uncommittedEvents()).isEmpty();
    }

    @Test
    void aRefusedCommandChangesNothing() {
        Account account = Account.restore("a1", List.of(new Opened("a1")));

        assertThatThrownBy(() -> account.deposit(0))
                .isInstanceOf(DomainException.class).hasMessage("A deposit must be positive, but was 0")
                .extracting(e -> ((DomainException) e).reason()).isEqualTo("A deposit must be positive, but was 0");
        assertThat(account.uncommittedEvents()).isEmpty();
        assertThat(account.balance).isZero();
    }

    @Test
    void replayIsAllowedOnlyOnceBeforeChanges() {
        Account account = Account.restore("a1", List.of(new Opened("a1")));

        assertThatThrownBy(() -> account.replayAgain(List.of(new Deposited(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("replay() restores an aggregate once, before it changes; Account[id=a1, version=1]"
                        + " already has history or new events");
    }
}
