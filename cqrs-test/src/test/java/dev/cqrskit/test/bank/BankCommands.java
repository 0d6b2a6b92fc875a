package dev.cqrskit.test.bank;

import dev.cqrskit.core.Command;

/** The commands of the bank. */
public final class BankCommands {
    private BankCommands() {
    }

    public record OpenAccount(AccountId id, String owner) implements Command<AccountId> {
    }

    /** Answers the new balance. */
    public record Withdraw(AccountId id, long amount) implements Command<Long> {
    }

    public record SendWelcome(AccountId id, String owner) implements Command<Void> {
    }

    public record ReviewLargeDeposit(AccountId id, long amount) implements Command<Void> {
    }
}
