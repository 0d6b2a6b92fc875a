package dev.cqrskit.test.bank;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventSubscriber;

/** Automation: deposits of 10,000 or more are reviewed. */
public final class ReviewLargeDeposits implements EventSubscriber<AccountEvent.MoneyDeposited> {
    static final long THRESHOLD = 10_000;
    private final CommandBus commands;

    public ReviewLargeDeposits(CommandBus commands) {
        this.commands = commands;
    }

    @Override
    public void on(AccountEvent.MoneyDeposited event) {
        if (event.amount() >= THRESHOLD) {
            commands.dispatch(new BankCommands.ReviewLargeDeposit(event.id(), event.amount()));
        }
    }
}
