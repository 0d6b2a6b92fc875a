package dev.cqrskit.test.bank;

import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.core.domain.EventSourcedAggregate;
import dev.cqrskit.test.bank.AccountEvent.AccountClosed;
import dev.cqrskit.test.bank.AccountEvent.AccountOpened;
import dev.cqrskit.test.bank.AccountEvent.MoneyDeposited;
import dev.cqrskit.test.bank.AccountEvent.MoneyWithdrawn;

import java.util.List;

/** An event-sourced bank account. */
public final class Account extends EventSourcedAggregate<AccountId, AccountEvent> {

    private String owner;
    private long balance;
    private boolean closed;

    private Account(AccountId id) {
        super(id);
    }

    public static Account open(AccountId id, String owner) {
        Account account = new Account(id);
        account.raise(new AccountOpened(id, owner));
        return account;
    }

    public static Account restore(AccountId id, List<AccountEvent> history) {
        Account account = new Account(id);
        account.replay(history);
        return account;
    }

    public void deposit(long amount) {
        requireOpen();
        if (amount <= 0) {
            throw new DomainException("A deposit must be positive, but was " + amount);
        }
        raise(new MoneyDeposited(id(), amount));
    }

    public void withdraw(long amount) {
        requireOpen();
        if (amount > balance) {
            throw new InsufficientFundsException(id(), balance, amount);
        }
        raise(new MoneyWithdrawn(id(), amount));
    }

    /** Closing a closed account changes nothing. */
    public void close() {
        if (!closed) {
            raise(new AccountClosed(id()));
        }
    }

    public long balance() {
        return balance;
    }

    public String owner() {
        return owner;
    }

    public boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new DomainException("Account " + id() + " is closed");
        }
    }

    @Override
    protected void apply(AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            owner = opened.owner();
        } else if (event instanceof MoneyDeposited deposited) {
            balance += deposited.amount();
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            balance -= withdrawn.amount();
        } else if (event instanceof AccountClosed) {
            closed = true;
        }
    }
}
