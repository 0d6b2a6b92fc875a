package dev.cqrskit.test.bank;

import dev.cqrskit.core.domain.Require;

/** Identifies an account. */
public record AccountId(String value) {
    public AccountId {
        Require.notBlank("accountId", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
