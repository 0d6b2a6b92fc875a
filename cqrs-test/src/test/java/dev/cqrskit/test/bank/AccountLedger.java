package dev.cqrskit.test.bank;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Decider;
import dev.cqrskit.core.domain.DomainException;

import java.util.List;

/** A decider over an account's event stream: opens it once, takes deposits, refuses overdrafts. */
public final class AccountLedger implements Decider<Command<?>, AccountLedger.State, AccountEvent> {

    /** Answers nothing: the slice answers what it appended. */
    public record Deposit(AccountId id, long amount) implements Command<Void> {
    }

    public record State(boolean open, long balance) {
        public static final State NONE = new State(false, 0);
    }

    /** The stream a command addresses. */
    public static String streamOf(Command<?> command) {
        if (command instanceof BankCommands.OpenAccount open) {
            return "Account:" + open.id();
        }
        if (command instanceof BankCommands.Withdraw withdraw) {
            return "Account:" + withdraw.id();
        }
        if (command instanceof Deposit deposit) {
            return "Account:" + deposit.id();
        }
        throw new IllegalArgumentException("not an account command: " + command);
    }

    @Override
    public State initialState() {
        return State.NONE;
    }

    @Override
    public List<AccountEvent> decide(Command<?> command, State state) {
        if (command instanceof BankCommands.OpenAccount open) {
            if (state.open()) {
                throw new DomainException("Account " + open.id() + " is already open");
            }
            return List.of(new AccountEvent.AccountOpened(open.id(), open.owner()));
        }
        if (command instanceof Deposit deposit) {
            return deposit.amount() == 0 ? List.of() : List.of(new AccountEvent.MoneyDeposited(deposit.id(),
                    deposit.amount()));
        }
        BankCommands.Withdraw withdraw = (BankCommands.Withdraw) command;
        if (withdraw.amount() > state.balance()) {
            throw new InsufficientFundsException(withdraw.id(), state.balance(), withdraw.amount());
        }
        return List.of(new AccountEvent.MoneyWithdrawn(withdraw.id(), withdraw.amount()));
    }

    @Override
    public State evolve(State state, AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened) {
            return new State(true, 0);
        }
        if (event instanceof AccountEvent.MoneyDeposited deposited) {
            return new State(state.open(), state.balance() + deposited.amount());
        }
        if (event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
            return new State(state.open(), state.balance() - withdrawn.amount());
        }
        return new State(false, state.balance());
    }
}
