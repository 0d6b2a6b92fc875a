package dev.cqrskit.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.MessageHandler;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way for the end-to-end tests, on one topic: {@code Outbox.append} -> {@code OutboxRelay} ->
 * {@link KafkaEventPublisher} -> broker -> {@link KafkaInboxConsumer} -> {@code InboxConsumer} writing one row per
 * event into an {@code effects} table in the inbox's transaction; and the checks on those effects. Closes what it
 * started, newest first.
 */
final class KafkaPipeline implements AutoCloseable {

    /** The name of the inbox consumer every instance shares: one inbox, whichever process handles a record. */
    static final String CONSUMER = "e2e";

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String bootstrapServers;
    private final String topic;

    /** Creates the effects table (emptying it, the outbox and the inbox) and a fresh topic. */
    KafkaPipeline(DataSource database, KafkaBroker kafka, int connections) {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(database);
        pool.setMaximumPoolSize(connections);
        dataSource = new HikariDataSource(pool);
        jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS effects (id BIGSERIAL PRIMARY KEY,"
                + " instance TEXT NOT NULL, key TEXT NOT NULL, seq INT NOT NULL);"
                + " TRUNCATE effects, cqrs_outbox, cqrs_inbox, cqrs_inbox_parked"));
        bootstrapServers = kafka.bootstrapServers();
        topic = "e2e-" + UUID.randomUUID();
        kafka.createTopic(topic);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    String topic() {
        return topic;
    }

    /** Starts a relay publishing to the topic with a publisher of this configuration (mapping and servers set). */
    OutboxRelay relay(KafkaPublisherConfig.Builder publisherConfig) {
        KafkaEventPublisher publisher = started(new KafkaEventPublisher(publisherConfig
                .bootstrapServers(bootstrapServers)
                .mapping(KafkaMapping.builder().topic("test.Counted.v1", topic).build())
                .build()));
        return started(new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .batchSize(500).pollInterval(Duration.ofMillis(200)).build()).start());
    }

    /** Starts a consumer in this JVM whose effects name {@code instance}. */
    KafkaInboxConsumer consumer(String instance, String group) {
        InboxConsumer inbox = new InboxConsumer(CONSUMER, new JdbiTransactionBoundary(jdbi), KafkaFixtures.CODEC,
                effectsOf(instance), ConsumerPolicy.defaults());
        return started(new KafkaInboxConsumer(consumerConfig(bootstrapServers, group, topic).build(), inbox).start());
    }

    /** The handler of every consumer of these tests: one effects row per event, in the inbox's transaction. */
    static MessageHandler effectsOf(String instance) {
        return (message, handle) -> {
            KafkaFixtures.Counted counted = (KafkaFixtures.Counted) message.event();
            handle.execute("INSERT INTO effects (instance, key, seq) VALUES (?, ?, ?)", instance, counted.key(),
                    counted.seq());
        };
    }

    /** The consumer settings of these tests: quick polls, and a member that fails is noticed within seconds. */
    static KafkaConsumerConfig.Builder consumerConfig(String bootstrapServers, String group, String topic) {
        return KafkaConsumerConfig.builder()
                .bootstrapServers(bootstrapServers)
                .groupId(group)
                .topics(topic)
                .pollTimeout(Duration.ofMillis(200))
                .consumerProperty("session.timeout.ms", 10_000)
                .consumerProperty("heartbeat.interval.ms", 1_000);
    }

    /**
     * Appends the events {@code firstSeq..lastSeq} of each of {@code keys} keys, {@code perTransaction} events of one
     * key per transaction, keys interleaved, pausing after each transaction.
     */
    void produce(int keys, int firstSeq, int lastSeq, int perTransaction, Duration pause) {
        for (int from = firstSeq; from <= lastSeq; from += perTransaction) {
            int start = from;
            int end = Math.min(lastSeq, from + perTransaction - 1);
            jdbi.useTransaction(h -> {
                for (int k = 0; k < keys; k++) {
                    String key = "key-" + k;
                    List<EventMessage<KafkaFixtures.Counted>> messages = IntStream.rangeClosed(start, end)
                            .mapToObj(seq -> new EventMessage<>(new KafkaFixtures.Counted(key, seq),
                                    KafkaFixtures.METADATA.root()))
                            .toList();
                    KafkaFixtures.OUTBOX.append(h, key, messages);
                }
            });
            if (!pause.isZero()) {
                KafkaFixtures.sleep(pause);
            }
        }
    }

    long effects() {
        return count("effects");
    }

    long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    /** @return the instances that had effects, sorted */
    List<String> instances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT instance FROM effects ORDER BY instance")
                .mapTo(String.class).list());
    }

    /** Asserts one effect per event, in order per key, and nothing parked by the inbox. */
    void assertEveryEventHadItsEffectOnceInOrder(int keys, int perKey) {
        Map<String, List<Integer>> seqsOfKey = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT key, seq FROM effects ORDER BY id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> seqsOfKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        List<Integer> expected = IntStream.rangeClosed(1, perKey).boxed().toList();
        assertThat(seqsOfKey).hasSize(keys);
        assertThat(seqsOfKey.values()).allSatisfy(seqs -> assertThat(seqs).isEqualTo(expected));
        assertThat(count("cqrs_inbox_parked")).isZero();
    }

    /** Registers something to close with the pipeline, before what was started earlier. */
    <T extends AutoCloseable> T started(T closeable) {
        running.add(0, closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
        dataSource.close();
    }
}
