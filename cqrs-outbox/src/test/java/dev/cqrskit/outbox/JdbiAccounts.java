package dev.cqrskit.outbox;

import dev.cqrskit.outbox.jdbi.CommittedEvents;
import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.core.MetadataFactory;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The repository a user writes on top of {@link JdbiAggregateRepository}. */
final class JdbiAccounts extends JdbiAggregateRepository<Account, String> {

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, balance BIGINT NOT NULL,"
            + " version BIGINT NOT NULL)";

    JdbiAccounts(JdbiTransactionBoundary transactions, Outbox outbox, MetadataFactory metadata) {
        this(transactions, outbox, metadata, CommittedEvents.NONE);
    }

    JdbiAccounts(JdbiTransactionBoundary transactions, Outbox outbox, MetadataFactory metadata,
                 CommittedEvents committed) {
        super("Account", transactions, outbox, metadata, committed);
    }

    @Override
    protected Optional<Account> load(Handle handle, String id) {
        return handle.createQuery("SELECT balance, version FROM accounts WHERE id = ?")
                .bind(0, id)
                .map((rs, ctx) -> Account.restore(id, rs.getLong("version"), rs.getLong("balance")))
                .findOne();
    }

    @Override
    protected void insert(Handle handle, Account account, long version) {
        handle.execute("INSERT INTO accounts (id, balance, version) VALUES (?, ?, ?)", account.id(), account.balance(),
                version);
    }

    @Override
    protected int update(Handle handle, Account account, long expectedVersion, long newVersion) {
        return handle.execute("UPDATE accounts SET balance = ?, version = ? WHERE id = ? AND version = ?",
                account.balance(), newVersion, account.id(), expectedVersion);
    }
}
