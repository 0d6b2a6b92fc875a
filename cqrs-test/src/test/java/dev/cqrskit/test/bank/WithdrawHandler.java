package dev.cqrskit.test.bank;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.domain.Repository;

/** Withdraws money and answers the new balance. */
public final class WithdrawHandler implements CommandHandler<BankCommands.Withdraw, Long> {
    private final Repository<Account, AccountId> accounts;

    public WithdrawHandler(Repository<Account, AccountId> accounts) {
        this.accounts = accounts;
    }

    @Override
    public Long handle(BankCommands.Withdraw command) {
        Account account = accounts.get(command.id());
        account.withdraw(command.amount());
        accounts.save(account);
        return account.balance();
    }
}
