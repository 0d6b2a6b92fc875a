package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link KafkaInboxConsumer} running in a child JVM ({@link KafkaConsumerProcess}) is killed with SIGKILL in the
 * middle of a poll's records, repeatedly; a fresh one takes its place each time. The records it handled but whose
 * offsets it had not committed come again and the inbox drops them: every event has exactly one effect, in order
 * per key, and nothing is lost or parked.
 */
class KafkaConsumerKilledWithSigkillIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);
    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final int KEYS = 40;
    private static final int PER_KEY = 50;
    private static final int TOTAL = KEYS * PER_KEY;
    private static final int KILLS = 3;

    private KafkaPipeline pipeline;
    private String group;

    @BeforeEach
    void setUp() {
        pipeline = new KafkaPipeline(POSTGRES.dataSource(), KAFKA, 2);
        group = "sigkill-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void consumerJvmsKilledWithSigkillMidBatchHaveEveryEffectOnceAndInKeyOrder() throws Exception {
        // given every event on the topic
        publishAll();

        // when: a consumer JVM handles a while and is killed with SIGKILL; KILLS times
        List<Long> handledButNotCommitted = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            Process consumer = startConsumerJvm("killed-" + kill);
            long target = (long) TOTAL * kill / (KILLS + 1);
            try {
                assertThat(KafkaFixtures.eventually(Duration.ofSeconds(90), () -> pipeline.effects() >= target))
                        .as("consumer JVM %s handled %s records", kill, target).isTrue();
            } finally {
                consumer.destroyForcibly();
                consumer.waitFor();
            }
            assertThat(consumer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            handledButNotCommitted.add(pipeline.effects() - KAFKA.committed(group, pipeline.topic()));
        }
        Process last = startConsumerJvm("last");
        try {
            assertThat(KafkaFixtures.eventually(Duration.ofSeconds(90),
                    () -> KAFKA.committed(group, pipeline.topic()) == TOTAL))
                    .as("every offset committed; effects: %d", pipeline.effects()).isTrue();
        } finally {
            last.destroyForcibly();
            last.waitFor();
        }

        // then
        pipeline.assertEveryEventHadItsEffectOnceInOrder(KEYS, PER_KEY);
        assertThat(handledButNotCommitted).as("a kill came between a record's transaction and its offset commit")
                .anyMatch(count -> count > 0);
    }

    private void publishAll() {
        List<SerializedEvent> batch = new ArrayList<>(TOTAL);
        for (int seq = 1; seq <= PER_KEY; seq++) {
            for (int k = 0; k < KEYS; k++) {
                batch.add(KafkaFixtures.aCounted("key-" + k, seq));
            }
        }
        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .mapping(KafkaMapping.builder().defaultTopic(pipeline.topic()).build())
                .build())) {
            assertThat(publisher.publish(batch)).allMatch(PublishOutcome.Published.class::isInstance);
        }
    }

    private Process startConsumerJvm(String instance) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), KafkaConsumerProcess.class.getName(),
                POSTGRES.database().jdbcUrl(), POSTGRES.database().user(), KAFKA.bootstrapServers(),
                pipeline.topic(), group, instance)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
