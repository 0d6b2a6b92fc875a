package dev.cqrskit.test.bank;

import dev.cqrskit.core.DomainEvent;

import java.time.Instant;

/** What happens to a wallet. */
public sealed interface WalletEvent extends DomainEvent {

    record WalletCreated(WalletId id, long balance, Instant at) implements WalletEvent {
    }

    record WalletSpent(WalletId id, long amount, Instant at) implements WalletEvent {
    }
}
