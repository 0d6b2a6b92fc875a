package dev.cqrskit.test.bank;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventSubscriber;

/** Automation: every new account gets a welcome. */
public final class WelcomeNewCustomers implements EventSubscriber<AccountEvent.AccountOpened> {
    private final CommandBus commands;

    public WelcomeNewCustomers(CommandBus commands) {
        this.commands = commands;
    }

    @Override
    public void on(AccountEvent.AccountOpened event) {
        if (event.owner().isBlank()) {
            throw new IllegalStateException("Cannot welcome account " + event.id() + ": it has no owner name");
        }
        commands.dispatch(new BankCommands.SendWelcome(event.id(), event.owner()));
    }
}
