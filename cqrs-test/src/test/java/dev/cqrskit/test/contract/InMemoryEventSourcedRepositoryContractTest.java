package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.bank.Account;
import dev.cqrskit.test.bank.AccountId;
import dev.cqrskit.test.fake.InMemoryRepository;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The repository contract, run against the in-memory fake for event-sourced aggregates. */
// tag::contract[]
class InMemoryEventSourcedRepositoryContractTest extends RepositoryContract<Account, AccountId> {

    private final InMemoryRepository<Account, AccountId> accounts = InMemoryRepository.eventSourced(
            Account::restore, new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator()));
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    protected Repository<Account, AccountId> repository() {
        return accounts;
    }

    @Override
    protected AccountId newId() {
        return new AccountId("acc-" + ids.incrementAndGet());
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
    protected List<? extends DomainEvent> storedEvents(AccountId id) {
        return accounts.eventsOf(id);
    }
}
// end::contract[]
