package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.cqrskit.kafka.KafkaFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;

/** The publisher against a real in-process KRaft broker (1 node, 3 partitions, auto-creation off). */
class KafkaEventPublisherIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private final List<KafkaEventPublisher> publishers = new ArrayList<>();

    @AfterEach
    void closePublishers() {
        publishers.forEach(KafkaEventPublisher::close);
    }

    private KafkaEventPublisher publisherTo(String topic) {
        KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .mapping(KafkaMapping.builder().defaultTopic(topic).build())
                .deliveryTimeout(Duration.ofSeconds(10))
                .maxBlock(Duration.ofSeconds(2))
                .publishTimeout(Duration.ofSeconds(15))
                .build());
        publishers.add(publisher);
        return publisher;
    }

    private static String aTopic() {
        return "it-" + UUID.randomUUID();
    }

    @Test
    void keepsTheOrderOfEachKeyOnOnePartition() {
        // given
        String topic = aTopic();
        KAFKA.createTopic(topic);
        KafkaEventPublisher publisher = publisherTo(topic);
        List<SerializedEvent> batch = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            for (int key = 0; key < 10; key++) {
                batch.add(aCounted("key-" + key, seq));
            }
        }

        // when
        List<PublishOutcome> outcomes = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += 50) {
            outcomes.addAll(publisher.publish(batch.subList(from, from + 50)));
        }

        // then
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.Published.class));
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(topic, batch.size());
        assertThat(records).hasSize(batch.size());
        Map<String, Set<Integer>> partitionsOfKey = new HashMap<>();
        Map<String, List<Integer>> seqsOfKey = new HashMap<>();
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String[] counted = KafkaFixtures.counted(KafkaEnvelope.read(record)).split("#");
            partitionsOfKey.computeIfAbsent(counted[0], k -> new HashSet<>()).add(record.partition());
            seqsOfKey.computeIfAbsent(counted[0], k -> new ArrayList<>()).add(Integer.parseInt(counted[1]));
        }
        assertThat(partitionsOfKey.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        assertThat(seqsOfKey.values()).allSatisfy(seqs -> assertThat(seqs).isSorted().hasSize(20));
    }

    @Test
    void carriesTheEventAndAllItsMetadataToTheConsumer() {
        String topic = aTopic();
        KAFKA.createTopic(topic);
        SerializedEvent event = new SerializedEvent("test.Counted.v1", "key-1",
                KafkaFixtures.CODEC.payload(new KafkaFixtures.Counted("key-1", 1)), KafkaFixtures.fullMetadata());

        PublishOutcome outcome = publisherTo(topic).publish(List.of(event)).get(0);

        assertThat(outcome).isInstanceOf(PublishOutcome.Published.class);
        assertThat(((PublishOutcome.Published) outcome).externalId()).hasValueSatisfying(id ->
                assertThat(id).startsWith(topic + "-"));
        assertThat(KAFKA.readAll(topic, 1)).singleElement()
                .satisfies(record -> assertThat(KafkaEnvelope.read(record)).isEqualTo(event));
    }

    @Test
    void parksATooLargeRecordAndHoldsBackItsKeyWhileOtherKeysFlow() {
        // given
        String topic = aTopic();
        KAFKA.createTopic(topic);
        SerializedEvent huge = new SerializedEvent("test.Counted.v1", "big", "\"" + "x".repeat(2 * 1024 * 1024)
                + "\"", KafkaFixtures.METADATA.root());
        List<SerializedEvent> batch = List.of(huge, aCounted("small", 1), aCounted("big", 2));

        // when
        List<PublishOutcome> outcomes = publisherTo(topic).publish(batch);

        // then
        assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.PermanentFailure.class);
        assertThat(((PublishOutcome.PermanentFailure) outcomes.get(0)).reason())
                .contains("RecordTooLargeException");
        assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.Published.class);
        assertThat(outcomes.get(2)).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(KAFKA.readAll(topic, 1)).hasSize(1);
    }

    @Test
    void reportsAMissingTopicAsSystemicAndPublishesOnceItIsCreated() {
        // given
        String topic = aTopic();
        KafkaEventPublisher publisher = publisherTo(topic);
        List<SerializedEvent> batch = List.of(aCounted("a", 1), aCounted("b", 1), aCounted("a", 2));

        // when
        List<PublishOutcome> missing = publisher.publish(batch);

        // then
        assertThat(missing.subList(0, 2)).allSatisfy(o -> assertThat(o)
                .isInstanceOf(PublishOutcome.SystemicFailure.class)
                .extracting(PublishOutcome.SystemicFailure.class::cast)
                .extracting(PublishOutcome.SystemicFailure::reason).asString()
                .contains("Create topic '" + topic + "'"));
        assertThat(missing.get(2)).isNotInstanceOf(PublishOutcome.Published.class);

        // when the operator creates the topic
        KAFKA.createTopic(topic);
        List<List<PublishOutcome>> attempts = new ArrayList<>();
        boolean published = KafkaFixtures.eventually(Duration.ofSeconds(30), () -> {
            List<PublishOutcome> outcomes = publisher.publish(batch);
            attempts.add(outcomes);
            return outcomes.stream().allMatch(PublishOutcome.Published.class::isInstance);
        });

        // then
        assertThat(published).as("published after the topic was created; attempts: %s", attempts).isTrue();
        assertThat(KAFKA.readAll(topic, 3)).hasSizeGreaterThanOrEqualTo(3);
    }
}
