package dev.cqrskit.test.bank;

import dev.cqrskit.core.Query;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A projection of accounts into summaries, and the query that reads it. */
public final class AccountSummaries {

    public record AccountSummary(AccountId id, String owner, long balance) {
    }

    public record AccountSummaryById(AccountId id) implements Query<Optional<AccountSummary>> {
    }

    private final Map<AccountId, AccountSummary> byId = new HashMap<>();

    public void on(AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened opened) {
            byId.put(opened.id(), new AccountSummary(opened.id(), opened.owner(), 0));
        } else if (event instanceof AccountEvent.MoneyDeposited deposited) {
            byId.computeIfPresent(deposited.id(),
                    (id, s) -> new AccountSummary(id, s.owner(), s.balance() + deposited.amount()));
        } else if (event instanceof AccountEvent.MoneyWithdrawn withdrawn) {
            byId.computeIfPresent(withdrawn.id(),
                    (id, s) -> new AccountSummary(id, s.owner(), s.balance() - withdrawn.amount()));
        }
    }

    public Optional<AccountSummary> byId(AccountSummaryById query) {
        return Optional.ofNullable(byId.get(query.id()));
    }
}
