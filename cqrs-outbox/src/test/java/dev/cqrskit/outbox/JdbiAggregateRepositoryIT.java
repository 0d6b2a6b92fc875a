package dev.cqrskit.outbox;

import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbiAggregateRepositoryIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private final MetadataFactory metadata = MetadataFactory.systemDefault();
    private Jdbi jdbi;
    private JdbiTransactionBoundary transactions;
    private JdbiAccounts accounts;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        jdbi.useHandle(h -> h.execute(JdbiAccounts.SCHEMA + "; TRUNCATE accounts"));
        transactions = new JdbiTransactionBoundary(jdbi);
        accounts = new JdbiAccounts(transactions, new Outbox(new EventCodec(Account.TYPES, EventSerializer.jackson())), metadata);
    }

    @Test
    void savesStateAndEventsTogetherAndMovesTheVersion() {
        Account account = Account.open("acc-1");
        account.deposit(50);

        accounts.save(account);

        assertThat(account.version()).isEqualTo(1);
        assertThat(account.uncommittedEvents()).isEmpty();
        Account loaded = accounts.get("acc-1");
        assertThat(loaded.balance()).isEqualTo(50);
        assertThat(loaded.version()).isEqualTo(1);
        List<String> types = jdbi.withHandle(h -> h.createQuery("SELECT event_type || ' ' || ordering_key"
                + " FROM cqrs_outbox ORDER BY id").mapTo(String.class).list());
        assertThat(types).containsExactly("account.Opened.v1 Account:acc-1", "account.Deposited.v1 Account:acc-1");
    }

    @Test
    void rejectsAStaleVersionAndStoresNothing() {
        accounts.save(Account.open("acc-1"));
        Account first = accounts.get("acc-1");
        Account stale = accounts.get("acc-1");
        first.deposit(10);
        accounts.save(first);

        stale.deposit(99);
        assertThatThrownBy(() -> accounts.save(stale))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage("Account acc-1 was changed concurrently: it was loaded at version 1 but the store holds"
                        + " version 2. Nothing was saved; reload it and retry the command (RetryMiddleware does this).");

        assertThat(accounts.get("acc-1").balance()).isEqualTo(10);
        assertThat(count(jdbi, "payload->>'amount' = '99'")).isZero();
        assertThat(stale.version()).isEqualTo(1);
    }

    @Test
    void treatsASecondNewAggregateWithTheSameIdAsAConflict() {
        accounts.save(Account.open("acc-1"));

        assertThatThrownBy(() -> accounts.save(Account.open("acc-1")))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining("Account acc-1 was changed concurrently: it was loaded at version 0");
        assertThat(count(jdbi, "true")).isEqualTo(1);
    }

    @Test
    void joinsTheTransactionOfTheBoundaryAndRollsBackWithIt() {
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            accounts.save(Account.open("acc-1"));
            accounts.save(Account.open("acc-2"));
            throw new IllegalStateException("the command failed after saving");
        })).hasMessage("the command failed after saving");

        assertThat(accounts.find("acc-1")).isEmpty();
        assertThat(accounts.find("acc-2")).isEmpty();
        assertThat(count(jdbi, "true")).isZero();
    }

    @Test
    void stampsEventsWithTheCommandsCorrelationAndCausation() {
        Metadata command = metadata.root().toBuilder().tenant("acme").principal("alice").build();

        MessageContext.runWith(command, () -> transactions.inTransaction(() -> {
            accounts.save(Account.open("acc-1"));
            return null;
        }));

        Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT correlation_id, causation_id, tenant,"
                + " principal FROM cqrs_outbox").mapToMap().one());
        assertThat(row).containsEntry("correlation_id", command.correlationId())
                .containsEntry("causation_id", command.messageId())
                .containsEntry("tenant", "acme")
                .containsEntry("principal", "alice");
    }

    @Test
    void losesNoUpdateUnderConcurrentCommandsOnOneAggregate() throws InterruptedException {
        accounts.save(Account.open("acc-1"));
        AtomicInteger conflicts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    for (int attempt = 0; attempt < 200; attempt++) {
                        try {
                            transactions.inTransaction(() -> {
                                Account account = accounts.get("acc-1");
                                account.deposit(1);
                                accounts.save(account);
                                return null;
                            });
                            break;
                        } catch (ConcurrencyConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        assertThat(accounts.get("acc-1").balance()).isEqualTo(40);
        assertThat(accounts.get("acc-1").version()).isEqualTo(41);
        List<Long> balances = jdbi.withHandle(h -> h.createQuery("SELECT (payload->>'balance')::bigint FROM cqrs_outbox"
                + " WHERE event_type = 'account.Deposited.v1' ORDER BY id").mapTo(Long.class).list());
        assertThat(balances).as("outbox order follows commit order for one aggregate")
                .isSorted().hasSize(40).doesNotHaveDuplicates();
    }
}
