package dev.cqrskit.kafka;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.MessageHandler;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way: {@code Outbox.append} -> {@code OutboxRelay} -> {@link KafkaEventPublisher} -> a real in-process
 * KRaft broker (3 partitions) -> {@link KafkaInboxConsumer} -> {@code InboxConsumer} with effects in PostgreSQL.
 */
class KafkaOutboxEndToEndIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);

    private static final int KEYS = 100;
    private static final int PER_KEY = 50;
    private static final int TOTAL = KEYS * PER_KEY;

    private final List<AutoCloseable> running = new ArrayList<>();
    private HikariDataSource dataSource;
    private Jdbi jdbi;
    private JdbiTransactionBoundary transactions;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(POSTGRES.dataSource());
        pool.setMaximumPoolSize(6);
        dataSource = new HikariDataSource(pool);
        jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS effects (id BIGSERIAL PRIMARY KEY,"
                + " instance TEXT NOT NULL, key TEXT NOT NULL, seq INT NOT NULL);"
                + " TRUNCATE effects, cqrs_outbox, cqrs_inbox, cqrs_inbox_parked"));
        transactions = new JdbiTransactionBoundary(jdbi);
        topic = "e2e-" + UUID.randomUUID();
        group = "e2e-" + UUID.randomUUID();
        KafkaBroker.createTopic(topic);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        dataSource.close();
    }

    @Test
    void deliversEveryEventOnceAndInOrderPerKey() {
        // given
        start(relay());
        start(consumer("only"));

        // when
        produce();

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> effects() >= TOTAL))
                .as("all %d effects arrived; got %d", TOTAL, effects()).isTrue();
        assertEveryEventHadItsEffectOnceInOrder();
        assertThat(count("cqrs_outbox")).isZero();
    }

    @Test
    void aSecondConsumerTakesOverAfterRebalancesWithoutDoubleEffects() {
        // given
        start(relay());
        KafkaInboxConsumer first = start(consumer("first"));
        produce();

        // when a second member joins, then the first leaves, mid-run
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2), () -> effects() >= TOTAL / 5)).isTrue();
        start(consumer("second"));
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2), () -> effects() >= TOTAL / 2)).isTrue();
        first.close();
        assertThat(first.isRunning()).isFalse();

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> effects() >= TOTAL))
                .as("all %d effects arrived; got %d", TOTAL, effects()).isTrue();
        assertThat(KafkaFixtures.eventually(Duration.ofSeconds(30),
                () -> KafkaBroker.committed(group, topic) == TOTAL)).isTrue();
        assertEveryEventHadItsEffectOnceInOrder();
        List<String> instances = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT instance FROM effects"
                + " ORDER BY instance").mapTo(String.class).list());
        assertThat(instances).containsExactly("first", "second");
    }

    @Test
    void aRedeliveryOfEverythingHasNoEffect() {
        // given every event handled once
        start(relay());
        start(consumer("original"));
        produce();
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> effects() >= TOTAL)).isTrue();

        // when a member of a new group (same inbox consumer) reads the topic again from the start
        group = "replay-" + UUID.randomUUID();
        start(consumer("replay"));

        // then it commits every offset and has no effect
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2),
                () -> KafkaBroker.committed(group, topic) == TOTAL)).isTrue();
        assertEveryEventHadItsEffectOnceInOrder();
    }

    private <T extends AutoCloseable> T start(T closeable) {
        running.add(0, closeable);
        return closeable;
    }

    private OutboxRelay relay() {
        KafkaEventPublisher publisher = start(new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(KafkaBroker.bootstrapServers())
                .mapping(KafkaMapping.builder().topic("test.Counted.v1", topic).build())
                .build()));
        return new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .batchSize(500).pollInterval(Duration.ofMillis(200)).build()).start();
    }

    private KafkaInboxConsumer consumer(String instance) {
        MessageHandler handler = (message, handle) -> {
            KafkaFixtures.Counted counted = (KafkaFixtures.Counted) message.event();
            handle.execute("INSERT INTO effects (instance, key, seq) VALUES (?, ?, ?)", instance, counted.key(),
                    counted.seq());
        };
        InboxConsumer inbox = new InboxConsumer("e2e", transactions, KafkaFixtures.CODEC, handler,
                ConsumerPolicy.defaults());
        return new KafkaInboxConsumer(KafkaConsumerConfig.builder()
                .bootstrapServers(KafkaBroker.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .pollTimeout(Duration.ofMillis(200))
                .consumerProperty("session.timeout.ms", 10_000)
                .consumerProperty("heartbeat.interval.ms", 1_000)
                .build(), inbox).start();
    }

    /** Appends PER_KEY events to each of KEYS keys, 10 events of one key per transaction, keys interleaved. */
    private void produce() {
        for (int from = 1; from <= PER_KEY; from += 10) {
            int start = from;
            jdbi.useTransaction(h -> {
                for (int k = 0; k < KEYS; k++) {
                    String key = "key-" + k;
                    List<EventMessage<KafkaFixtures.Counted>> messages = IntStream.range(start, start + 10)
                            .mapToObj(seq -> new EventMessage<>(new KafkaFixtures.Counted(key, seq),
                                    KafkaFixtures.METADATA.root()))
                            .toList();
                    KafkaFixtures.OUTBOX.append(h, key, messages);
                }
            });
        }
    }

    private long effects() {
        return count("effects");
    }

    private long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private void assertEveryEventHadItsEffectOnceInOrder() {
        Map<String, List<Integer>> seqsOfKey = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT key, seq FROM effects ORDER BY id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> seqsOfKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        List<Integer> expected = IntStream.rangeClosed(1, PER_KEY).boxed().toList();
        assertThat(seqsOfKey).hasSize(KEYS);
        assertThat(seqsOfKey.values()).allSatisfy(seqs -> assertThat(seqs).isEqualTo(expected));
        assertThat(count("cqrs_inbox_parked")).isZero();
    }
}
