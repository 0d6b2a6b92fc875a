package dev.cqrskit.kafka;

import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker is stopped and started again in the middle of a run, while events are still being appended: outbox ->
 * relay -> Kafka -> {@link KafkaInboxConsumer} -> inbox. Nothing is lost, each key keeps its order, the inbox turns
 * redeliveries into no effect, and nothing is parked on either side.
 *
 * <p>200 keys; 15 events per key (3,000 events) by default so the build stays quick, the 20,000 with
 * {@code -Dcqrs.kafka.restart.per-key=100}.
 */
class KafkaBrokerRestartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);
    /** A broker of this class alone: stopping the shared one would disturb the other test classes. */
    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.own(1);

    private static final int KEYS = 200;
    private static final int PER_KEY = Integer.getInteger("cqrs.kafka.restart.per-key", 15);
    private static final int TOTAL = KEYS * PER_KEY;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private KafkaPipeline pipeline;

    @BeforeEach
    void setUp() {
        pipeline = new KafkaPipeline(POSTGRES.dataSource(), KAFKA, 6);
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void aBrokerRestartMidRunLosesNothingKeepsKeyOrderAndParksNothing() {
        // given a relay whose records time out during the outage (so it retries), and a consumer
        pipeline.relay(KafkaPublisherConfig.builder()
                .deliveryTimeout(Duration.ofSeconds(2))
                .maxBlock(Duration.ofSeconds(1))
                .publishTimeout(Duration.ofSeconds(3)));
        pipeline.consumer("only", "restart-" + UUID.randomUUID());
        int third = PER_KEY / 3;
        Duration pause = Duration.ofMillis(2_000 / third);

        // when a third of the events is appended (one event per key per transaction, over about 2 s),
        pipeline.produce(KEYS, 1, third, 1, pause);
        // the broker stops while the next third is appended,
        KAFKA.cluster().stopBroker(KAFKA.cluster().brokerIds().get(0));
        long handledBeforeTheOutage = pipeline.effects();
        pipeline.produce(KEYS, third + 1, 2 * third, 1, pause);
        KafkaFixtures.sleep(OUTAGE);
        // and starts again before the rest is appended
        KAFKA.cluster().startBroker(KAFKA.cluster().brokerIds().get(0));
        pipeline.produce(KEYS, 2 * third + 1, PER_KEY, 1, pause);

        // then
        // a liveness bound that grows with the count: the consumer commits one inbox transaction per event
        assertThat(KafkaFixtures.eventually(Duration.ofSeconds(120 + TOTAL / 40), () -> pipeline.effects() >= TOTAL))
                .as("all %d effects arrived; got %d", TOTAL, pipeline.effects()).isTrue();
        pipeline.assertEveryEventHadItsEffectOnceInOrder(KEYS, PER_KEY);
        OutboxCounts outbox = new OutboxOperations(pipeline.jdbi()).counts();
        assertThat(outbox.pending()).isZero();
        assertThat(outbox.parked()).isZero();
        assertThat(handledBeforeTheOutage).as("the outage came mid-run").isLessThan(TOTAL);
        // at least once: Kafka may hold a copy of a record whose acknowledgement the outage cut off
        int records = KAFKA.readToEnd(pipeline.topic()).size();
        assertThat(records).isGreaterThanOrEqualTo(TOTAL);
        LoggerFactory.getLogger(KafkaBrokerRestartIT.class).info("{} events, {} records in Kafka ({} copies the inbox"
                + " dropped), {} handled before the outage", TOTAL, records, records - TOTAL, handledBeforeTheOutage);
    }
}
