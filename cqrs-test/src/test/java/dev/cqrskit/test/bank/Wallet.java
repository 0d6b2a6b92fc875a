package dev.cqrskit.test.bank;

import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.DomainException;

import java.time.Clock;

/** A state-stored wallet. */
public final class Wallet extends AggregateRoot<WalletId> {

    private long balance;

    private Wallet(WalletId id, long version, long balance) {
        super(id, version);
        this.balance = balance;
    }

    public static Wallet create(WalletId id, long balance, Clock clock) {
        Wallet wallet = new Wallet(id, NEW, balance);
        wallet.record(new WalletEvent.WalletCreated(id, balance, clock.instant()));
        return wallet;
    }

    public static Wallet restore(WalletId id, long version, long balance) {
        return new Wallet(id, version, balance);
    }

    public Wallet copy() {
        return restore(id(), version(), balance);
    }

    public void spend(long amount, Clock clock) {
        if (amount > balance) {
            throw new DomainException("Wallet " + id() + " holds " + balance + ", cannot spend " + amount);
        }
        balance -= amount;
        record(new WalletEvent.WalletSpent(id(), amount, clock.instant()));
    }

    public long balance() {
        return balance;
    }
}
