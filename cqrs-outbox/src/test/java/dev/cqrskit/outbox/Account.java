package dev.cqrskit.outbox;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.AggregateRoot;

/** A small state-stored aggregate for the repository tests. */
final class Account extends AggregateRoot<String> {

    record Opened(String id) implements DomainEvent {
    }

    record Deposited(String id, long amount, long balance) implements DomainEvent {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .add(Opened.class, "account.Opened.v1")
            .add(Deposited.class, "account.Deposited.v1")
            .build();

    private long balance;

    private Account(String id, long version, long balance) {
        super(id, version);
        this.balance = balance;
    }

    static Account open(String id) {
        Account account = new Account(id, NEW, 0);
        account.record(new Opened(id));
        return account;
    }

    static Account restore(String id, long version, long balance) {
        return new Account(id, version, balance);
    }

    void deposit(long amount) {
        balance += amount;
        record(new Deposited(id(), amount, balance));
    }

    long balance() {
        return balance;
    }
}
