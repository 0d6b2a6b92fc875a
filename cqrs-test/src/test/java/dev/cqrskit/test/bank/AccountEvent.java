package dev.cqrskit.test.bank;

import dev.cqrskit.core.DomainEvent;

/** What happens to an account. */
public sealed interface AccountEvent extends DomainEvent {

    AccountId id();

    record AccountOpened(AccountId id, String owner) implements AccountEvent {
    }

    record MoneyDeposited(AccountId id, long amount) implements AccountEvent {
    }

    record MoneyWithdrawn(AccountId id, long amount) implements AccountEvent {
    }

    record AccountClosed(AccountId id) implements AccountEvent {
    }
}
