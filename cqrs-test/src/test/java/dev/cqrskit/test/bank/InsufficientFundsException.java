package dev.cqrskit.test.bank;

import dev.cqrskit.core.domain.DomainException;

/** A withdrawal larger than the balance. */
public final class InsufficientFundsException extends DomainException {
    private static final long serialVersionUID = 1L;

    public InsufficientFundsException(AccountId id, long balance, long amount) {
        super("Account " + id + " holds " + balance + ", cannot withdraw " + amount);
    }
}
