package dev.cqrskit.test.fake;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.bank.Account;
import dev.cqrskit.test.bank.AccountEvent.AccountOpened;
import dev.cqrskit.test.bank.AccountEvent.MoneyDeposited;
import dev.cqrskit.test.bank.AccountId;
import dev.cqrskit.test.bank.Wallet;
import dev.cqrskit.test.bank.WalletId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryRepositoryTest {

    static final AccountId ACCOUNT = new AccountId("acc-1");
    static final WalletId WALLET = new WalletId("wal-1");

    private final TestClock clock = TestClock.fixed();
    private final MetadataFactory metadata = new MetadataFactory(clock, new SequentialIdGenerator());
    private final InMemoryRepository<Account, AccountId> accounts =
            InMemoryRepository.eventSourced(Account::restore, metadata);

    @Test
    void stampsSavedEventsWithTheMetadataOfTheMessageBeingHandled() {
        Metadata command = metadata.root();

        MessageContext.runWith(command, () -> accounts.save(Account.open(ACCOUNT, "Ada")));

        List<EventMessage<dev.cqrskit.core.DomainEvent>> saved = accounts.savedEvents();
        assertThat(saved).singleElement().satisfies(message -> {
            assertThat(message.event()).isEqualTo(new AccountOpened(ACCOUNT, "Ada"));
            assertThat(message.metadata().correlationId()).isEqualTo(command.correlationId());
            assertThat(message.metadata().causationId()).contains(command.messageId());
            assertThat(message.metadata().occurredAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void restoresEventSourcedAggregatesFromTheGivenHistory() {
        accounts.givenHistory(ACCOUNT, List.of(new AccountOpened(ACCOUNT, "Ada"), new MoneyDeposited(ACCOUNT, 5)));

        Account account = accounts.get(ACCOUNT);

        assertThat(account.version()).isEqualTo(2);
        assertThat(account.balance()).isEqualTo(5);
        assertThat(accounts.storedVersion(ACCOUNT)).contains(2L);
        assertThat(accounts.ids()).containsExactly(ACCOUNT);
    }

    @Test
    void namesBothVersionsInAConflict() {
        accounts.givenHistory(ACCOUNT, List.of(new AccountOpened(ACCOUNT, "Ada")));
        Account stale = accounts.get(ACCOUNT);
        Account fresh = accounts.get(ACCOUNT);
        fresh.deposit(1);
        accounts.save(fresh);
        stale.deposit(2);

        assertThatThrownBy(() -> accounts.save(stale))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage("Account acc-1 was changed concurrently: it was loaded at version 1 but the store holds"
                        + " version 2. Nothing was saved; reload it and retry the command (RetryMiddleware does this).");
    }

    @Test
    void refusesACopyFunctionThatReturnsTheSameInstance() {
        InMemoryRepository<Wallet, WalletId> wallets = InMemoryRepository.stateStored(wallet -> wallet, metadata);

        assertThatThrownBy(() -> wallets.save(Wallet.create(WALLET, 10, clock)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The copy function of this InMemoryRepository returned the same instance for"
                        + " Wallet[id=wal-1, version=0]; it must return a new, independent instance, usually through"
                        + " the aggregate's restore factory.");
        assertThat(wallets.ids()).isEmpty();
    }

    @Test
    void refusesACopyFunctionThatLosesTheVersion() {
        InMemoryRepository<Wallet, WalletId> wallets = InMemoryRepository.stateStored(
                wallet -> Wallet.restore(wallet.id(), 7, wallet.balance()), metadata);

        assertThatThrownBy(() -> wallets.save(Wallet.create(WALLET, 10, clock)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("it must keep the id and the version");
    }

    @Test
    void storesAGivenStateAtItsVersion() {
        InMemoryRepository<Wallet, WalletId> wallets = InMemoryRepository.stateStored(Wallet::copy, metadata);

        wallets.givenStored(Wallet.restore(WALLET, 4, 50));

        assertThat(wallets.get(WALLET).version()).isEqualTo(4);
        assertThat(wallets.get(WALLET).balance()).isEqualTo(50);
    }

    @Test
    void refusesAHistoryForStateStoredAggregates() {
        InMemoryRepository<Wallet, WalletId> wallets = InMemoryRepository.stateStored(Wallet::copy, metadata);

        assertThatThrownBy(() -> wallets.givenHistory(WALLET, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This repository stores the state of aggregates, not their events");
    }

    @Test
    void letsASubclassImplementADomainPort() {
        final class InMemoryAccounts extends InMemoryRepository<Account, AccountId> {
            InMemoryAccounts() {
                super(InMemoryRepository.eventSourced(Account::restore, metadata));
            }
        }
        InMemoryAccounts port = new InMemoryAccounts();

        port.save(Account.open(ACCOUNT, "Ada"));

        assertThat(port.get(ACCOUNT).owner()).isEqualTo("Ada");
    }
}
