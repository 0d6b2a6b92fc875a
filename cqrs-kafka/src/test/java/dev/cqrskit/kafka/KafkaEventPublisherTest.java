package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.cqrskit.kafka.KafkaFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaEventPublisherTest {

    private static KafkaPublisherConfig config() {
        return KafkaPublisherConfig.builder()
                .bootstrapServers("unused:9092")
                .mapping(KafkaMapping.builder().topic("test.Counted.v1", "counted").build())
                .build();
    }

    private static KafkaEventPublisher publisherOver(Producer<byte[], byte[]> producer) {
        return new KafkaEventPublisher(config(), () -> producer);
    }

    @Test
    void sendsEachEventToItsTopicWithTheOrderingKeyAsRecordKey() {
        ScriptedProducer producer = new ScriptedProducer();
        SerializedEvent event = aCounted("User:1", 1);

        List<PublishOutcome> outcomes = publisherOver(producer).publish(List.of(event));

        assertThat(outcomes).singleElement().isInstanceOf(PublishOutcome.Published.class);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("counted");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("User:1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.payload());
    }

    @Test
    void returnsOneOutcomePerEventInTheBatchsOrder() {
        ScriptedProducer producer = new ScriptedProducer();
        List<SerializedEvent> batch = List.of(aCounted("a", 1), aCounted("b", 1), aCounted("a", 2));

        List<PublishOutcome> outcomes = publisherOver(producer).publish(batch);

        assertThat(outcomes).extracting(PublishOutcome::messageId)
                .containsExactly(batch.get(0).messageId(), batch.get(1).messageId(), batch.get(2).messageId());
    }

    @Nested
    class ClassifiesEachRecordsFailure {

        private PublishOutcome outcomeOf(RuntimeException failure) {
            SerializedEvent event = aCounted("a", 1);
            ScriptedProducer producer = new ScriptedProducer().failing(event.messageId().toString(), failure);
            return publisherOver(producer).publish(List.of(event)).get(0);
        }

        @Test
        void retryableForBrokerHiccups() {
            assertThat(outcomeOf(new NotEnoughReplicasException("2 < 3")))
                    .isInstanceOf(PublishOutcome.RetryableFailure.class);
            assertThat(outcomeOf(new NotLeaderOrFollowerException("moved")))
                    .isInstanceOf(PublishOutcome.RetryableFailure.class);
        }

        @Test
        void permanentForARecordTooLarge() {
            assertThat(outcomeOf(new RecordTooLargeException("2 MB > 1 MB")))
                    .isInstanceOf(PublishOutcome.PermanentFailure.class);
        }

        @Test
        void systemicForAuthenticationAuthorizationAndAMissingTopic() {
            assertThat(outcomeOf(new SaslAuthenticationException("bad password")))
                    .isInstanceOf(PublishOutcome.SystemicFailure.class);
            assertThat(outcomeOf(new TopicAuthorizationException(Set.of("counted"))))
                    .isInstanceOf(PublishOutcome.SystemicFailure.class)
                    .extracting(PublishOutcome.SystemicFailure.class::cast)
                    .extracting(PublishOutcome.SystemicFailure::reason).asString()
                    .contains("Grant WRITE and DESCRIBE on topic 'counted'");
            assertThat(outcomeOf(new UnknownTopicOrPartitionException("no such topic")))
                    .isInstanceOf(PublishOutcome.SystemicFailure.class);
            assertThat(outcomeOf(new TimeoutException("Topic counted not present in metadata after 5000 ms.")))
                    .isInstanceOf(PublishOutcome.SystemicFailure.class)
                    .extracting(PublishOutcome.SystemicFailure.class::cast)
                    .extracting(PublishOutcome.SystemicFailure::reason).asString()
                    .contains("Create topic 'counted'");
        }

        @Test
        void permanentForAnEventWithoutATopic() {
            KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                    .bootstrapServers("unused:9092")
                    .mapping(KafkaMapping.builder().topic("other.Type.v1", "other").build())
                    .build(), ScriptedProducer::new);

            PublishOutcome outcome = publisher.publish(List.of(aCounted("a", 1))).get(0);

            assertThat(outcome).isInstanceOf(PublishOutcome.PermanentFailure.class);
            assertThat(((PublishOutcome.PermanentFailure) outcome).reason())
                    .contains("Event type 'test.Counted.v1' has no Kafka topic");
        }
    }

    @Test
    void holdsBackTheLaterEventsOfAKeyWhoseEarlierEventFailedWithoutSendingThem() {
        // given
        List<SerializedEvent> batch = List.of(aCounted("a", 1), aCounted("b", 1), aCounted("a", 2),
                aCounted("b", 2), aCounted("a", 3));
        ScriptedProducer producer = new ScriptedProducer()
                .failing(batch.get(0).messageId().toString(), new RecordTooLargeException("too large"));

        // when
        List<PublishOutcome> outcomes = publisherOver(producer).publish(batch);

        // then
        assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.PermanentFailure.class);
        assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.Published.class);
        assertThat(outcomes.get(2)).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(outcomes.get(3)).isInstanceOf(PublishOutcome.Published.class);
        assertThat(outcomes.get(4)).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(((PublishOutcome.RetryableFailure) outcomes.get(4)).reason())
                .contains("Held back", batch.get(0).messageId().toString());
        assertThat(producer.attempted).doesNotContain(batch.get(2).messageId().toString(),
                batch.get(4).messageId().toString());
    }

    @Test
    void replacesAFencedProducerAndPublishesWithTheNewOne() {
        // given
        SerializedEvent first = aCounted("a", 1);
        List<ScriptedProducer> created = new CopyOnWriteArrayList<>();
        KafkaEventPublisher publisher = new KafkaEventPublisher(config(), () -> {
            ScriptedProducer producer = new ScriptedProducer();
            if (created.isEmpty()) {
                producer.failing(first.messageId().toString(), new ProducerFencedException("fenced"));
            }
            created.add(producer);
            return producer;
        });

        // when
        PublishOutcome fenced = publisher.publish(List.of(first)).get(0);
        PublishOutcome again = publisher.publish(List.of(first)).get(0);

        // then
        assertThat(fenced).isInstanceOf(PublishOutcome.SystemicFailure.class);
        assertThat(again).isInstanceOf(PublishOutcome.Published.class);
        assertThat(created).hasSize(2);
        assertThat(created.get(0).closed()).isTrue();
    }

    @Test
    void replacesAProducerClosedUnderneathIt() {
        List<MockProducer<byte[], byte[]>> created = new ArrayList<>();
        KafkaEventPublisher publisher = new KafkaEventPublisher(config(), () -> {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            created.add(producer);
            return producer;
        });
        created.get(0).close();

        PublishOutcome closed = publisher.publish(List.of(aCounted("a", 1))).get(0);
        PublishOutcome again = publisher.publish(List.of(aCounted("a", 2))).get(0);

        assertThat(closed).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(again).isInstanceOf(PublishOutcome.Published.class);
        assertThat(created).hasSize(2);
    }

    @Test
    void keepsATimeoutRetryableWhenTheSameCallGotOtherRecordsAcknowledged() {
        SerializedEvent late = aCounted("a", 1);
        ScriptedProducer producer = new ScriptedProducer().failing(late.messageId().toString(),
                new TimeoutException("Expiring 1 record(s) for counted-0: 120000 ms has passed since batch creation"));

        List<PublishOutcome> outcomes = publisherOver(producer).publish(List.of(late, aCounted("b", 1)));

        assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.Published.class);
    }

    @Test
    void reportsACallWhoseRecordsAllExpiredAsSystemicBecauseNoBrokerAnswers() {
        SerializedEvent first = aCounted("a", 1);
        SerializedEvent second = aCounted("b", 1);
        TimeoutException expired = new TimeoutException("Expiring 1 record(s) for counted-0: 120000 ms has passed");
        ScriptedProducer producer = new ScriptedProducer().failing(first.messageId().toString(), expired)
                .failing(second.messageId().toString(), expired);

        List<PublishOutcome> outcomes = publisherOver(producer).publish(List.of(first, second));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOf(PublishOutcome.SystemicFailure.class)
                .extracting(PublishOutcome.SystemicFailure.class::cast)
                .extracting(PublishOutcome.SystemicFailure::reason).asString()
                .contains("Kafka acknowledged none of the 2 record(s) of this call in time; no broker answers:"
                        + " check bootstrap.servers and the brokers")
                .contains("Expiring 1 record(s)"));
    }

    @Test
    void reportsRecordsNotAcknowledgedByThePublishDeadlineAsSystemicWhenNothingWasAcknowledged() {
        MockProducer<byte[], byte[]> silent = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers("unused:9092")
                .mapping(KafkaMapping.builder().defaultTopic("counted").build())
                .deliveryTimeout(Duration.ofSeconds(1))
                .publishTimeout(Duration.ofMillis(1_100))
                .build(), () -> silent);

        List<PublishOutcome> outcomes = publisher.publish(List.of(aCounted("a", 1), aCounted("a", 2)));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOf(PublishOutcome.SystemicFailure.class));
        assertThat(((PublishOutcome.SystemicFailure) outcomes.get(0)).reason()).contains("no broker answers")
                .contains("publish timeout");
        assertThat(silent.history()).hasSize(1);
    }

    @Test
    void refusesToPublishOnceClosed() {
        KafkaEventPublisher publisher = publisherOver(new ScriptedProducer());
        publisher.close();

        assertThatThrownBy(() -> publisher.publish(List.of(aCounted("a", 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
