package dev.cqrskit.outbox;

import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static dev.cqrskit.outbox.OutboxFixtures.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class InboxIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private Jdbi jdbi;
    private final Inbox inbox = new Inbox("test.counter");

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INT NOT NULL);"
                + " TRUNCATE counters"));
    }

    private boolean consume(UUID messageId, String key) {
        return jdbi.inTransaction(h -> inbox.handleOnce(h, messageId, tx -> tx.execute(
                "INSERT INTO counters VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = counters.n + 1", key)));
    }

    private Map<String, Integer> counters() {
        Map<String, Integer> counters = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT key, n FROM counters")
                .map((rs, ctx) -> counters.put(rs.getString(1), rs.getInt(2))).list());
        return counters;
    }

    @Test
    void skipsAMessageItHandledBefore() {
        UUID message = UUID.randomUUID();

        assertThat(consume(message, "k")).isTrue();
        assertThat(consume(message, "k")).isFalse();

        assertThat(counters()).containsEntry("k", 1);
    }

    @Test
    void scopesDeduplicationToTheConsumer() {
        UUID message = UUID.randomUUID();
        Inbox other = new Inbox("test.other");

        boolean first = jdbi.inTransaction(h -> inbox.markHandled(h, message));
        boolean second = jdbi.inTransaction(h -> other.markHandled(h, message));

        assertThat(first).isTrue();
        assertThat(second).isTrue();
    }

    @Test
    void forgetsTheMessageWhenTheConsumerTransactionRollsBack() {
        UUID message = UUID.randomUUID();

        assertThatThrownBy(() -> jdbi.useTransaction(h -> inbox.handleOnce(h, message, tx -> {
            throw new IllegalStateException("consumer failed");
        }))).hasMessage("consumer failed");

        assertThat(consume(message, "k")).isTrue();
        assertThat(counters()).containsEntry("k", 1);
    }

    @Test
    void letsOnlyOneOfTwoConcurrentDeliveriesHaveItsEffect() throws Exception {
        UUID message = UUID.randomUUID();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Thread first = new Thread(() -> jdbi.useTransaction(h -> inbox.handleOnce(h, message, tx -> {
            ran.incrementAndGet();
            firstInside.countDown();
            await(releaseFirst);
        })));
        first.start();
        assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();

        Thread second = new Thread(() -> {
            if (jdbi.inTransaction(h -> inbox.handleOnce(h, message, tx -> ran.incrementAndGet()))) {
                ran.addAndGet(100);
            }
        });
        second.start();
        releaseFirst.countDown();
        first.join(30_000);
        second.join(30_000);

        assertThat(ran.get()).isEqualTo(1);
    }

    @Test
    void deletesEntriesOlderThanTheRetention() {
        jdbi.useTransaction(h -> {
            inbox.markHandled(h, UUID.randomUUID());
            inbox.markHandled(h, UUID.randomUUID());
            h.execute("UPDATE cqrs_inbox SET processed_at = now() - interval '8 days'");
            inbox.markHandled(h, UUID.randomUUID());
        });

        int deleted = inbox.deleteOlderThan(jdbi, Duration.ofDays(7));

        assertThat(deleted).isEqualTo(2);
        long left = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_inbox").mapTo(Long.class).one());
        assertThat(left).isEqualTo(1);
    }

    @Test
    void rejectsABlankConsumerName() {
        assertThatThrownBy(() -> new Inbox(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consumer must have 1 to 200 characters and not be blank, but was ' '");
    }

    /**
     * The relay crashes after the consumer committed but before the outbox rows were deleted, so the consumer sees
     * the same messages again; the inbox turns that into exactly one effect per message.
     */
    @Test
    void turnsRedeliveryAfterARelayCrashIntoExactlyOnceEffects() {
        // given
        int keys = 50;
        int perKey = 10;
        produce(jdbi, keys, perKey, 5);
        PGSimpleDataSource relayConnections = (PGSimpleDataSource) POSTGRES.dataSource();
        relayConnections.setApplicationName("inbox-relay");
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(40).pollInterval(Duration.ofMillis(100))
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
        try (OutboxRelay relay = new OutboxRelay(Jdbi.create(relayConnections), (List<SerializedEvent> batch) -> {
            List<PublishOutcome> outcomes = new ArrayList<>();
            for (SerializedEvent event : batch) {
                Counted counted = (Counted) OutboxFixtures.OUTBOX.codec().decode(event).event();
                consume(event.messageId(), counted.key());
                deliveries.incrementAndGet();
                outcomes.add(PublishOutcome.published(event.messageId(), null));
            }
            if (batches.incrementAndGet() % 3 == 0 && batches.get() <= 15) {
                jdbi.useHandle(h -> h.createQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'inbox-relay'").mapTo(Boolean.class).list());
            }
            return outcomes;
        }, config).start()) {
            // when
            assertThat(eventually(Duration.ofSeconds(60), () -> count(jdbi, "true") == 0)).isTrue();
        }
        // then
        assertThat(deliveries.get()).as("messages were redelivered").isGreaterThan(keys * perKey);
        Map<String, Integer> counters = counters();
        assertThat(counters).hasSize(keys);
        assertThat(counters.values()).allMatch(n -> n == perKey, "exactly " + perKey + " effects per key");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
