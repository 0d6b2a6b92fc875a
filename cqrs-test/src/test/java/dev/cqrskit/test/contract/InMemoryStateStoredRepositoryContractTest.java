package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.bank.Wallet;
import dev.cqrskit.test.bank.WalletId;
import dev.cqrskit.test.fake.InMemoryRepository;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The repository contract, run against the in-memory fake for state-stored aggregates. */
class InMemoryStateStoredRepositoryContractTest extends RepositoryContract<Wallet, WalletId> {

    private final TestClock clock = TestClock.fixed();
    private final InMemoryRepository<Wallet, WalletId> wallets =
            InMemoryRepository.stateStored(Wallet::copy, new MetadataFactory(clock, new SequentialIdGenerator()));
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    protected Repository<Wallet, WalletId> repository() {
        return wallets;
    }

    @Override
    protected WalletId newId() {
        return new WalletId("wallet-" + ids.incrementAndGet());
    }

    @Override
    protected Wallet create(WalletId id) {
        return Wallet.create(id, 1_000_000, clock);
    }

    @Override
    protected void change(Wallet wallet) {
        wallet.spend(1, clock);
    }

    @Override
    protected Object stateOf(Wallet wallet) {
        return wallet.balance();
    }

    @Override
    protected List<? extends DomainEvent> storedEvents(WalletId id) {
        return wallets.eventsOf(id);
    }
}
