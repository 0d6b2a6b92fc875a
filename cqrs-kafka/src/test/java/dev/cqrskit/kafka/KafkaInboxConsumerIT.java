package dev.cqrskit.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.InboxOperations;
import dev.cqrskit.outbox.inbox.ParkedDelivery;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Poison on a real partition: parked by the inbox, its key held, the partition moving on, offsets committed. */
class KafkaInboxConsumerIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);
    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private HikariDataSource dataSource;
    private Jdbi jdbi;
    private KafkaInboxConsumer consumer;
    private KafkaEventPublisher publisher;
    private String topic;
    private String group;

    @BeforeEach
    void setUp() {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(POSTGRES.dataSource());
        pool.setMaximumPoolSize(3);
        dataSource = new HikariDataSource(pool);
        jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS effects (what TEXT NOT NULL);"
                + " TRUNCATE effects, cqrs_inbox, cqrs_inbox_parked"));
        topic = "poison-" + UUID.randomUUID();
        group = "poison-" + UUID.randomUUID();
        KAFKA.createTopic(topic);
        publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .mapping(KafkaMapping.builder().defaultTopic(topic).build())
                .build());
    }

    @AfterEach
    void tearDown() {
        if (consumer != null) {
            consumer.close();
        }
        publisher.close();
        dataSource.close();
    }

    @Test
    void parksAPoisonRecordHoldsItsKeyAndLetsTheOtherKeysFlow() {
        // given a handler that always fails on poison#1
        InboxConsumer inbox = new InboxConsumer("poison", new JdbiTransactionBoundary(jdbi), KafkaFixtures.CODEC,
                (message, handle) -> {
                    KafkaFixtures.Counted counted = (KafkaFixtures.Counted) message.event();
                    if (counted.key().equals("poison") && counted.seq() == 1) {
                        throw new IllegalStateException("cannot handle poison#1");
                    }
                    handle.execute("INSERT INTO effects (what) VALUES (?)", counted.key() + "#" + counted.seq());
                }, ConsumerPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(2)).build());
        List<SerializedEvent> events = List.of(KafkaFixtures.aCounted("poison", 1), KafkaFixtures.aCounted("ok", 1),
                KafkaFixtures.aCounted("poison", 2), KafkaFixtures.aCounted("ok", 2));
        assertThat(publisher.publish(events)).allMatch(PublishOutcome.Published.class::isInstance);

        // when
        consumer = startConsumer(inbox);

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofSeconds(60),
                () -> KAFKA.committed(group, topic) == events.size())).isTrue();
        assertThat(effects()).containsExactlyInAnyOrder("ok#1", "ok#2");
        List<ParkedDelivery> parked = new InboxOperations(jdbi).parked("poison", 10);
        assertThat(parked).extracting(ParkedDelivery::messageId)
                .containsExactly(events.get(0).messageId(), events.get(2).messageId());
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void parksARecordWithoutAnEnvelopeInsteadOfDroppingIt() throws Exception {
        // given a record some other producer wrote, and a good one after it
        try (KafkaProducer<byte[], byte[]> foreign = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            foreign.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8),
                    "not ours".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThat(publisher.publish(List.of(KafkaFixtures.aCounted("other", 1))))
                .allMatch(PublishOutcome.Published.class::isInstance);
        InboxConsumer inbox = new InboxConsumer("foreign", new JdbiTransactionBoundary(jdbi), KafkaFixtures.CODEC,
                (message, handle) -> {
                    KafkaFixtures.Counted counted = (KafkaFixtures.Counted) message.event();
                    handle.execute("INSERT INTO effects (what) VALUES (?)", counted.key() + "#" + counted.seq());
                },
                ConsumerPolicy.defaults());

        // when
        consumer = startConsumer(inbox);

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofSeconds(60),
                () -> KAFKA.committed(group, topic) == 2)).isTrue();
        assertThat(effects()).containsExactly("other#1");
        assertThat(new InboxOperations(jdbi).parked("foreign", 10)).singleElement()
                .satisfies(parked -> assertThat(parked.reason()).contains("unreadable-envelope"));
    }

    private KafkaInboxConsumer startConsumer(InboxConsumer inbox) {
        return new KafkaInboxConsumer(KafkaConsumerConfig.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .pollTimeout(Duration.ofMillis(200))
                .build(), inbox).start();
    }

    private List<String> effects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT what FROM effects").mapTo(String.class).list());
    }
}
