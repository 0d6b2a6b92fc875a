package dev.cqrskit.outbox;

import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.Delivery;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.InboxOperations;
import dev.cqrskit.outbox.inbox.MessageHandler;
import dev.cqrskit.outbox.inbox.ParkedDelivery;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InboxConsumerIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final ConsumerPolicy FAST = ConsumerPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final EventCodec codec = OutboxFixtures.OUTBOX.codec();
    private final List<String> effects = new CopyOnWriteArrayList<>();
    private Jdbi jdbi;
    private JdbiTransactionBoundary transactions;
    private InboxOperations operations;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS effects (what TEXT NOT NULL); TRUNCATE effects"));
        transactions = new JdbiTransactionBoundary(jdbi);
        operations = new InboxOperations(jdbi);
    }

    private SerializedEvent delivered(String key, int seq) {
        Counted event = new Counted(key, seq);
        return new SerializedEvent(codec.typeName(event), key, codec.payload(event), OutboxFixtures.METADATA.root());
    }

    /** Records its effect in the database, in the consumer's transaction. */
    private final MessageHandler recording = (message, handle) -> {
        Counted counted = (Counted) message.event();
        handle.execute("INSERT INTO effects (what) VALUES (?)", counted.key() + "#" + counted.seq());
        effects.add(counted.key() + "#" + counted.seq());
    };

    private List<String> storedEffects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT what FROM effects ORDER BY what").mapTo(String.class).list());
    }

    @Test
    void hasItsEffectOnceWhenTheBrokerDeliversTwice() {
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);
        SerializedEvent event = delivered("k", 1);

        assertThat(consumer.consume(event)).isEqualTo(Delivery.HANDLED);
        assertThat(consumer.consume(event)).isEqualTo(Delivery.DUPLICATE);

        assertThat(storedEffects()).containsExactly("k#1");
    }

    @Test
    void runsTheHandlerWithTheEventsMetadataAsItsMessageContext() {
        List<Metadata> seen = new CopyOnWriteArrayList<>();
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec,
                (message, handle) -> seen.add(MessageContext.require()), FAST);
        SerializedEvent event = delivered("k", 1);

        consumer.consume(event);

        assertThat(seen).containsExactly(event.metadata());
    }

    @Test
    void retriesAFailingHandlerInAFreshTransactionAndKeepsOnlyTheEffectOfTheAttemptThatSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
            recording.handle(message, handle);
            if (attempts.incrementAndGet() < 3) {
                throw new ConcurrencyConflictException("conflict " + attempts.get());
            }
        }, FAST);

        assertThat(consumer.consume(delivered("k", 1))).isEqualTo(Delivery.HANDLED);

        assertThat(attempts).hasValue(3);
        assertThat(storedEffects()).containsExactly("k#1");
    }

    @Test
    void parksAHandlerThatKeepsFailingInsteadOfDroppingIt() {
        InboxConsumer consumer = new InboxConsumer("mailer", transactions, codec, (message, handle) -> {
            throw new IllegalStateException("mail server down");
        }, FAST);
        SerializedEvent event = delivered("k", 1);

        assertThat(consumer.consume(event)).isEqualTo(Delivery.PARKED);

        List<ParkedDelivery> parked = operations.parked("mailer", 10);
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.messageId()).isEqualTo(event.messageId());
            assertThat(p.attempts()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("IllegalStateException: mail server down");
            assertThat(p.eventType()).isEqualTo("test.Counted.v1");
        });
        assertThat(operations.parkedCount("mailer")).isEqualTo(1);
        assertThat(operations.parkedCount("someone-else")).isZero();
    }

    @Test
    void holdsLaterDeliveriesOfAParkedKeyWhileOtherKeysFlow() {
        Set<String> failing = ConcurrentHashMap.newKeySet();
        failing.add("poison#1");
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
            Counted counted = (Counted) message.event();
            if (failing.contains(counted.key() + "#" + counted.seq())) {
                throw new IllegalStateException("cannot handle " + counted);
            }
            recording.handle(message, handle);
        }, FAST);

        assertThat(consumer.consume(delivered("poison", 1))).isEqualTo(Delivery.PARKED);
        assertThat(consumer.consume(delivered("poison", 2))).isEqualTo(Delivery.HELD);
        assertThat(consumer.consume(delivered("healthy", 1))).isEqualTo(Delivery.HANDLED);

        assertThat(storedEffects()).containsExactly("healthy#1");
        assertThat(operations.parked("c", 10)).extracting(ParkedDelivery::reason)
                .element(1).asString().startsWith("held behind parked message ");
    }

    @Test
    void replaysParkedDeliveriesInOrderAfterAFix() {
        Set<String> failing = ConcurrentHashMap.newKeySet();
        failing.add("poison#1");
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
            Counted counted = (Counted) message.event();
            if (failing.contains(counted.key() + "#" + counted.seq())) {
                throw new IllegalStateException("still broken");
            }
            recording.handle(message, handle);
        }, FAST);
        consumer.consume(delivered("poison", 1));
        consumer.consume(delivered("poison", 2));

        // a retry before the fix changes nothing but the attempts
        assertThat(consumer.retryParked()).isZero();
        assertThat(operations.parked("c", 10)).extracting(ParkedDelivery::attempts).containsExactly(4, 0);

        // after the fix, both run, in order
        failing.clear();
        assertThat(consumer.retryParked()).isEqualTo(2);
        assertThat(effects).containsExactly("poison#1", "poison#2");
        assertThat(operations.parkedCount("c")).isZero();
    }

    @Test
    void discardingABlockerLeavesTheHeldDeliveriesForTheReplay() {
        InboxConsumer failingOnce = new InboxConsumer("c", transactions, codec, (message, handle) -> {
            if (((Counted) message.event()).seq() == 1) {
                throw new IllegalStateException("bad event");
            }
            recording.handle(message, handle);
        }, FAST);
        SerializedEvent first = delivered("k", 1);
        failingOnce.consume(first);
        failingOnce.consume(delivered("k", 2));

        assertThat(operations.discard("c", first.messageId())).isTrue();
        assertThat(failingOnce.retryParked()).isEqualTo(1);

        assertThat(storedEffects()).containsExactly("k#2");
    }

    @Test
    void parksAnEventItCannotDecodeAtOnce() {
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);
        SerializedEvent unknown = new SerializedEvent("test.Unknown.v9", "k", "{}", OutboxFixtures.METADATA.root());

        assertThat(consumer.consume(unknown)).isEqualTo(Delivery.PARKED);

        assertThat(operations.parked("c", 10)).singleElement().satisfies(p -> {
            assertThat(p.attempts()).isZero();
            assertThat(p.reason()).startsWith("undecodable: Event type 'test.Unknown.v9' of message ");
        });
    }

    @Test
    void storesAFailureReasonWithNulAndLoneSurrogatesSafely() {
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
            throw new IllegalStateException("bad\u0000byte and \uD800 half a pair");
        }, FAST);

        assertThat(consumer.consume(delivered("k", 1))).isEqualTo(Delivery.PARKED);

        assertThat(operations.parked("c", 1).get(0).reason())
                .isEqualTo("IllegalStateException: bad\uFFFDbyte and \uFFFD half a pair");
    }

    @Test
    void refusesToRunInsideAnOpenTransaction() {
        InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);

        assertThatThrownBy(() -> transactions.inTransaction(() -> consumer.consume(delivered("k", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("InboxConsumer c must be called outside any transaction: it runs each attempt in a"
                        + " transaction of its own and retries it as a whole.");
    }

    @Test
    void rejectsABadPolicyNamingTheProperty() {
        assertThatThrownBy(() -> ConsumerPolicy.builder().maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.consumer.max-attempts must be between 1 and 100, but was 0");
    }

    @Nested
    class InBatches {

        @Test
        void takesABatchInOneTransactionWithTheOutcomesOfOneByOne() {
            // given
            InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);
            SerializedEvent seenBefore = delivered("a", 1);
            consumer.consume(seenBefore);
            SerializedEvent b1 = delivered("b", 1);
            List<SerializedEvent> batch = List.of(seenBefore, b1, delivered("b", 2), b1, delivered("a", 2));

            // when
            List<Delivery> outcomes = consumer.consumeAll(batch);

            // then
            assertThat(outcomes).containsExactly(Delivery.DUPLICATE, Delivery.HANDLED, Delivery.HANDLED,
                    Delivery.DUPLICATE, Delivery.HANDLED);
            assertThat(storedEffects()).containsExactly("a#1", "a#2", "b#1", "b#2");
            int transactionsOfTheBatch = jdbi.withHandle(h -> h.createQuery("SELECT count(DISTINCT xmin::text)"
                    + " FROM cqrs_inbox WHERE message_id <> :first").bind("first", seenBefore.messageId())
                    .mapTo(Integer.class).one());
            assertThat(transactionsOfTheBatch).isEqualTo(1);
        }

        @Test
        void parksOnlyTheEventWhoseHandlerKeepsFailingAndHoldsItsKeyWhileTheRestCommit() {
            // given
            List<String> runs = new CopyOnWriteArrayList<>();
            InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
                Counted counted = (Counted) message.event();
                runs.add(counted.key() + "#" + counted.seq());
                if (counted.key().equals("poison") && counted.seq() == 2) {
                    throw new IllegalStateException("cannot handle " + counted);
                }
                recording.handle(message, handle);
            }, FAST);
            List<SerializedEvent> batch = List.of(delivered("poison", 1), delivered("healthy", 1),
                    delivered("poison", 2), delivered("poison", 3), delivered("healthy", 2));

            // when
            List<Delivery> outcomes = consumer.consumeAll(batch);

            // then
            assertThat(outcomes).containsExactly(Delivery.HANDLED, Delivery.HANDLED, Delivery.PARKED, Delivery.HELD,
                    Delivery.HANDLED);
            assertThat(storedEffects()).containsExactly("healthy#1", "healthy#2", "poison#1");
            assertThat(operations.parked("c", 10)).extracting(ParkedDelivery::messageId)
                    .containsExactly(batch.get(2).messageId(), batch.get(3).messageId());
            assertThat(runs).as("the first batch rolled back, its prefix ran again, the poison ran alone 3 times")
                    .containsExactly("poison#1", "healthy#1", "poison#2", "poison#1", "healthy#1", "poison#2",
                            "poison#2", "poison#2", "healthy#2");
        }

        @Test
        void retriesAHandlerThatFailsOnceAndHandlesTheWholeBatch() {
            AtomicInteger failures = new AtomicInteger();
            InboxConsumer consumer = new InboxConsumer("c", transactions, codec, (message, handle) -> {
                recording.handle(message, handle);
                if (((Counted) message.event()).seq() == 2 && failures.incrementAndGet() == 1) {
                    throw new ConcurrencyConflictException("lost a race");
                }
            }, FAST);

            List<Delivery> outcomes = consumer.consumeAll(List.of(delivered("k", 1), delivered("k", 2),
                    delivered("k", 3)));

            assertThat(outcomes).containsOnly(Delivery.HANDLED).hasSize(3);
            assertThat(storedEffects()).containsExactly("k#1", "k#2", "k#3");
        }

        @Test
        void parksAnEventItCannotDecodeAndHandlesTheOthers() {
            InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);
            SerializedEvent unknown = new SerializedEvent("test.Unknown.v9", "x", "{}", OutboxFixtures.METADATA.root());

            List<Delivery> outcomes = consumer.consumeAll(List.of(delivered("k", 1), unknown, delivered("k", 2)));

            assertThat(outcomes).containsExactly(Delivery.HANDLED, Delivery.PARKED, Delivery.HANDLED);
            assertThat(storedEffects()).containsExactly("k#1", "k#2");
            assertThat(operations.parked("c", 10)).singleElement()
                    .satisfies(p -> assertThat(p.reason()).startsWith("undecodable: Event type 'test.Unknown.v9'"));
        }

        @Test
        void stopsAtTheEventItCouldNeitherHandleNorParkAndKeepsWhatCommittedBeforeIt() {
            // given: the database goes away after the batch's first two transactions
            PostgresDatabase database = POSTGRES.database();
            AtomicInteger connections = new AtomicInteger();
            Jdbi fading = Jdbi.create(() -> {
                if (connections.incrementAndGet() > 2) {
                    throw new SQLException("connection refused (test: the database is down)");
                }
                return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
            });
            InboxConsumer consumer = new InboxConsumer("c", new JdbiTransactionBoundary(fading), codec,
                    (message, handle) -> {
                        if (((Counted) message.event()).seq() == 3) {
                            throw new IllegalStateException("fails until parked");
                        }
                        recording.handle(message, handle);
                    }, FAST);

            // when: transaction 1 (all four) rolls back at k#3, transaction 2 commits k#1 and k#2, then k#3 alone
            // can neither run nor be parked
            List<Delivery> outcomes = consumer.consumeAll(List.of(delivered("k", 1), delivered("k", 2),
                    delivered("k", 3), delivered("k", 4)));

            // then
            assertThat(outcomes).containsExactly(Delivery.HANDLED, Delivery.HANDLED);
            assertThat(storedEffects()).containsExactly("k#1", "k#2");
            assertThat(operations.parkedCount("c")).isZero();
        }

        @Test
        void refusesToRunInsideAnOpenTransaction() {
            InboxConsumer consumer = new InboxConsumer("c", transactions, codec, recording, FAST);

            assertThatThrownBy(() -> transactions.inTransaction(() -> consumer.consumeAll(List.of(delivered("k", 1)))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("InboxConsumer c must be called outside any transaction: it runs each batch in a"
                            + " transaction of its own and retries it as a whole.");
        }
    }
}
