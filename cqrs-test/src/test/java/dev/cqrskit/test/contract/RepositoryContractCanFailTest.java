package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.test.bank.Account;
import dev.cqrskit.test.bank.AccountEvent;
import dev.cqrskit.test.bank.AccountId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cqrskit.test.contract.ContractRuns.failedTests;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the contract against broken repositories: a contract test that cannot fail would prove nothing. */
class RepositoryContractCanFailTest {

    @Test
    void catchesARepositoryThatIgnoresVersions() {
        assertThat(failedTests(IgnoresVersions.class)).contains(
                "rejectsANewAggregateWhoseIdExistsAndKeepsTheStoredOne()",
                "rejectsASaveOfAStaleCopyAndStoresNothing()");
    }

    @Test
    void catchesARepositoryThatHandsOutItsStoredInstance() {
        assertThat(failedTests(SharesInstances.class)).contains(
                "loadsASavedAggregateAtTheSavedVersionAndState()",
                "findReturnsAnIndependentCopy()");
    }

    /** Stores events without checking the loaded version: last writer wins. */
    abstract static class BrokenAccounts extends RepositoryContract<Account, AccountId> {
        final Map<AccountId, List<AccountEvent>> stored = new HashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        protected AccountId newId() {
            return new AccountId("broken-" + ids.incrementAndGet());
        }

        @Override
        protected Account create(AccountId id) {
            return Account.open(id, "Ada");
        }

        @Override
        protected void change(Account account) {
            account.deposit(10);
        }

        @Override
        protected Object stateOf(Account account) {
            return account.balance();
        }

        @Override
        protected synchronized List<? extends DomainEvent> storedEvents(AccountId id) {
            return List.copyOf(stored.getOrDefault(id, List.of()));
        }
    }

    static final class IgnoresVersions extends BrokenAccounts {
        @Override
        protected Repository<Account, AccountId> repository() {
            return new Repository<>() {
                @Override
                public Optional<Account> find(AccountId id) {
                    synchronized (IgnoresVersions.this) {
                        List<AccountEvent> history = stored.get(id);
                        return history == null ? Optional.empty() : Optional.of(Account.restore(id, history));
                    }
                }

                @Override
                public void save(Account account) {
                    synchronized (IgnoresVersions.this) {
                        List<AccountEvent> history = new ArrayList<>(stored.getOrDefault(account.id(), List.of()));
                        account.uncommittedEvents().forEach(e -> history.add((AccountEvent) e));
                        stored.put(account.id(), history);
                        account.markCommitted(account.version() + account.uncommittedEvents().size());
                    }
                }
            };
        }
    }

    static final class SharesInstances extends BrokenAccounts {
        private final Map<AccountId, Account> instances = new HashMap<>();

        @Override
        protected Repository<Account, AccountId> repository() {
            return new Repository<>() {
                @Override
                public synchronized Optional<Account> find(AccountId id) {
                    return Optional.ofNullable(instances.get(id));
                }

                @Override
                public synchronized void save(Account account) {
                    List<AccountEvent> history = new ArrayList<>(stored.getOrDefault(account.id(), List.of()));
                    account.uncommittedEvents().forEach(e -> history.add((AccountEvent) e));
                    stored.put(account.id(), history);
                    account.markCommitted(history.size());
                    instances.put(account.id(), account);
                }
            };
        }
    }
}
