package dev.cqrskit.kafka;

import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way: {@code Outbox.append} -> {@code OutboxRelay} -> {@link KafkaEventPublisher} -> a real in-process
 * KRaft broker (3 partitions) -> {@link KafkaInboxConsumer} -> {@code InboxConsumer} with effects in PostgreSQL.
 */
class KafkaOutboxEndToEndIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);
    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final int KEYS = 100;
    private static final int PER_KEY = 50;
    private static final int TOTAL = KEYS * PER_KEY;

    private KafkaPipeline pipeline;
    private String group;

    @BeforeEach
    void setUp() {
        pipeline = new KafkaPipeline(POSTGRES.dataSource(), KAFKA, 6);
        group = "e2e-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void deliversEveryEventOnceAndInOrderPerKey() {
        // given
        pipeline.relay(KafkaPublisherConfig.builder());
        pipeline.consumer("only", group);

        // when
        produce();

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> pipeline.effects() >= TOTAL))
                .as("all %d effects arrived; got %d", TOTAL, pipeline.effects()).isTrue();
        pipeline.assertEveryEventHadItsEffectOnceInOrder(KEYS, PER_KEY);
        assertThat(pipeline.count("cqrs_outbox")).isZero();
    }

    @Test
    void aSecondConsumerTakesOverAfterRebalancesWithoutDoubleEffects() {
        // given
        pipeline.relay(KafkaPublisherConfig.builder());
        KafkaInboxConsumer first = pipeline.consumer("first", group);
        produce();

        // when a second member joins, then the first leaves, mid-run
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2), () -> pipeline.effects() >= TOTAL / 5)).isTrue();
        pipeline.consumer("second", group);
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2), () -> pipeline.effects() >= TOTAL / 2)).isTrue();
        first.close();
        assertThat(first.isRunning()).isFalse();

        // then
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> pipeline.effects() >= TOTAL))
                .as("all %d effects arrived; got %d", TOTAL, pipeline.effects()).isTrue();
        assertThat(KafkaFixtures.eventually(Duration.ofSeconds(30),
                () -> KAFKA.committed(group, pipeline.topic()) == TOTAL)).isTrue();
        pipeline.assertEveryEventHadItsEffectOnceInOrder(KEYS, PER_KEY);
        assertThat(pipeline.instances()).containsExactly("first", "second");
    }

    @Test
    void aRedeliveryOfEverythingHasNoEffect() {
        // given every event handled once
        pipeline.relay(KafkaPublisherConfig.builder());
        pipeline.consumer("original", group);
        produce();
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(3), () -> pipeline.effects() >= TOTAL)).isTrue();

        // when a member of a new group (same inbox consumer) reads the topic again from the start
        String replay = "replay-" + UUID.randomUUID();
        pipeline.consumer("replay", replay);

        // then it commits every offset and has no effect
        assertThat(KafkaFixtures.eventually(Duration.ofMinutes(2),
                () -> KAFKA.committed(replay, pipeline.topic()) == TOTAL)).isTrue();
        pipeline.assertEveryEventHadItsEffectOnceInOrder(KEYS, PER_KEY);
    }

    /** Appends PER_KEY events to each of KEYS keys, 10 events of one key per transaction, keys interleaved. */
    private void produce() {
        pipeline.produce(KEYS, 1, PER_KEY, 10, Duration.ZERO);
    }
}
