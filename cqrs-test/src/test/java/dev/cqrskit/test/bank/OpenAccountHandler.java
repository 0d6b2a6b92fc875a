package dev.cqrskit.test.bank;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.domain.Repository;

/** Opens an account. */
public final class OpenAccountHandler implements CommandHandler<BankCommands.OpenAccount, AccountId> {
    private final Repository<Account, AccountId> accounts;

    public OpenAccountHandler(Repository<Account, AccountId> accounts) {
        this.accounts = accounts;
    }

    @Override
    public AccountId handle(BankCommands.OpenAccount command) {
        Account account = Account.open(command.id(), command.owner());
        accounts.save(account);
        return account.id();
    }
}
