package dev.cqrskit.outbox;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.middleware.RetryMiddleware;
import dev.cqrskit.core.middleware.RetryPolicy;
import dev.cqrskit.core.middleware.TransactionMiddleware;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.core.Command;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cqrskit.outbox.OutboxFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AfterCommitIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private final MetadataFactory metadata = MetadataFactory.systemDefault();
    private final List<String> committed = new CopyOnWriteArrayList<>();
    private Jdbi jdbi;
    private JdbiTransactionBoundary transactions;
    private JdbiAccounts accounts;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        jdbi.useHandle(h -> h.execute(JdbiAccounts.SCHEMA + "; TRUNCATE accounts"));
        transactions = new JdbiTransactionBoundary(jdbi);
        accounts = new JdbiAccounts(transactions,
                new Outbox(new EventCodec(Account.TYPES, EventSerializer.jackson())), metadata,
                events -> events.forEach(e -> committed.add(describe(e))));
    }

    private static String describe(EventMessage<DomainEvent> message) {
        return message.event().getClass().getSimpleName();
    }

    @Nested
    class TheBoundary {

        @Test
        void runsAnAfterCommitActionOnlyOnceTheOwningTransactionHasCommitted() {
            List<String> log = new CopyOnWriteArrayList<>();

            transactions.inTransaction(() -> {
                transactions.inTransaction(() -> {
                    transactions.afterCommit(() -> log.add("after commit"));
                    log.add("inner done");
                    return null;
                });
                log.add("outer done");
                return null;
            });

            assertThat(log).containsExactly("inner done", "outer done", "after commit");
        }

        @Test
        void neverRunsAnAfterCommitActionWhenTheTransactionRollsBack() {
            List<String> log = new CopyOnWriteArrayList<>();

            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                transactions.afterCommit(() -> log.add("after commit"));
                throw new IllegalStateException("roll back");
            })).hasMessage("roll back");

            assertThat(log).isEmpty();
        }

        @Test
        void refusesAnAfterCommitActionOutsideATransaction() {
            assertThatThrownBy(() -> transactions.afterCommit(() -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("afterCommit needs a transaction open on this thread; call it inside"
                            + " inTransaction(...) or withHandle(...) of this JdbiTransactionBoundary.");
        }

        @Test
        void saysWhetherWorkWouldJoinAnOuterTransaction() {
            assertThat(transactions.isInTransaction()).isFalse();
            assertThat(transactions.inTransaction(transactions::isInTransaction)).isTrue();
        }
    }

    @Nested
    class TheRepository {

        @Test
        void handsSavedEventsToTheSinkAfterTheOwnerCommits() {
            transactions.inTransaction(() -> {
                Account account = Account.open("acc-1");
                account.deposit(5);
                accounts.save(account);
                assertThat(committed).as("nothing before the commit").isEmpty();
                return null;
            });

            assertThat(committed).containsExactly("Opened", "Deposited");
        }

        @Test
        void handsNothingToTheSinkWhenTheOwnerRollsBack() {
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                accounts.save(Account.open("acc-1"));
                throw new IllegalStateException("the consumer failed after saving");
            })).hasMessage("the consumer failed after saving");

            assertThat(committed).isEmpty();
            assertThat(count(jdbi, "true")).isZero();
        }
    }

    record OpenAccount(String id) implements Command<Void> {
    }

    @Nested
    class RetryingInsideAJoinedTransaction {

        private final RetryPolicy policy = RetryPolicy.builder().maxAttempts(5)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

        @Test
        void aConflictInsideAConsumersTransactionReachesTheOwnerAfterOneAttempt() {
            // given an account that exists, and a command that opens it again (a unique violation)
            accounts.save(Account.open("acc-1"));
            committed.clear();
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .middleware(new RetryMiddleware(policy, transactions, RetryListener.NONE))
                    .middleware(new TransactionMiddleware(transactions))
                    .handleVoid(OpenAccount.class, command -> {
                        attempts.incrementAndGet();
                        accounts.save(Account.open(command.id()));
                    })
                    .build();

            // when a consumer-style outer transaction dispatches it
            assertThatThrownBy(() -> transactions.inTransaction(() -> {
                jdbi.useHandle(h -> { }); // unrelated work of the consumer
                bus.dispatch(new OpenAccount("acc-1"));
                return null;
            })).isInstanceOf(ConcurrencyConflictException.class);

            // then the handler ran once: no retry inside the aborted PostgreSQL transaction
            assertThat(attempts).hasValue(1);
            assertThat(committed).isEmpty();
        }

        @Test
        void theOwnerRetriesTheWholeUnitInAFreshTransaction() {
            // given a conflict on the first attempt only
            accounts.save(Account.open("acc-1"));
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .middleware(new RetryMiddleware(policy, transactions, RetryListener.NONE))
                    .middleware(new TransactionMiddleware(transactions))
                    .handleVoid(OpenAccount.class, command -> {
                        String id = attempts.incrementAndGet() == 1 ? "acc-1" : "acc-2";
                        accounts.save(Account.open(id));
                    })
                    .build();

            // when it is dispatched outside any transaction
            bus.dispatch(new OpenAccount("acc-2"));

            // then the second attempt ran in a fresh transaction and committed
            assertThat(attempts).hasValue(2);
            assertThat(accounts.find("acc-2")).isPresent();
        }
    }
}
