package dev.cqrskit.benchmarks.core;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.domain.AggregateRoot;

import java.util.HashMap;
import java.util.Map;

/** The messages, aggregate and handler body every core benchmark shares, so both libraries do the same work. */
final class Messages {

    private Messages() {
    }

    record Deposit(String accountId, int amount) implements Command<Integer> {
    }

    record Balance(String accountId) implements Query<Integer> {
    }

    record Deposited(String accountId, int amount) implements DomainEvent {
    }

    /** The handler body both buses run: pure arithmetic on the command, no allocation. */
    static Integer handle(Deposit deposit) {
        return deposit.amount() + 1;
    }

    /** A state-stored aggregate that records one event per deposit. */
    static final class Account extends AggregateRoot<String> {
        private int balance;

        Account(String id, long version, int balance) {
            super(id, version);
            this.balance = balance;
        }

        void deposit(int amount) {
            balance += amount;
            record(new Deposited(id(), amount));
        }

        int balance() {
            return balance;
        }
    }

    /** The smallest honest in-memory repository: state by id, a version check, events handed on. */
    static final class Accounts {
        private final Map<String, int[]> rows = new HashMap<>();   // [version, balance]
        long eventsSaved;

        void put(String id, int balance) {
            rows.put(id, new int[] {1, balance});
        }

        Account get(String id) {
            int[] row = rows.get(id);
            return new Account(id, row[0], row[1]);
        }

        void save(Account account) {
            int[] row = rows.get(account.id());
            if (row[0] != account.version()) {
                throw dev.cqrskit.core.domain.ConcurrencyConflictException.of("Account", account.id(),
                        account.version(), row[0]);
            }
            eventsSaved += account.uncommittedEvents().size();
            row[0]++;
            row[1] = account.balance();
            account.markCommitted(row[0]);
        }
    }
}
