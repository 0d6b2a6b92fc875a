package dev.cqrskit.kafka;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaEnvelopeTest {

    private static ConsumerRecord<byte[], byte[]> delivered(ProducerRecord<byte[], byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 1, 42L, 0L, TimestampType.CREATE_TIME, 0, 0, sent.key(),
                sent.value(), sent.headers(), Optional.empty());
    }

    @Test
    void readsBackEveryPartOfWhatItWrote() {
        SerializedEvent event = new SerializedEvent("user.UserRegistered.v1", "User:7", "{\"name\":\"\u00e9\"}",
                KafkaFixtures.fullMetadata());

        SerializedEvent read = KafkaEnvelope.read(delivered(KafkaEnvelope.toRecord("users", event)));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void carriesTraceContextAsHeadersOfTheirOwn() {
        Metadata metadata = KafkaFixtures.fullMetadata();
        SerializedEvent event = new SerializedEvent("t", "k", "{}", metadata);

        ProducerRecord<byte[], byte[]> record = KafkaEnvelope.toRecord("users", event);

        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(metadata.header(Metadata.TRACEPARENT).orElseThrow());
        assertThat(new String(record.headers().lastHeader(KafkaEnvelope.HEADERS).value(), StandardCharsets.UTF_8))
                .doesNotContain("traceparent").contains("x-origin");
    }

    @Test
    void leavesOutWhatTheMetadataDoesNotHave() {
        SerializedEvent event = KafkaFixtures.aCounted("k", 1);

        ProducerRecord<byte[], byte[]> record = KafkaEnvelope.toRecord("t", event);

        assertThat(record.headers().lastHeader(KafkaEnvelope.TENANT)).isNull();
        assertThat(record.headers().lastHeader(KafkaEnvelope.CAUSATION_ID)).isNull();
        assertThat(record.headers().lastHeader(KafkaEnvelope.HEADERS)).isNull();
        assertThat(KafkaEnvelope.read(delivered(record))).isEqualTo(event);
    }

    @Test
    void namesTheRecordWhoseEnvelopeIsMissing() {
        ConsumerRecord<byte[], byte[]> foreign = new ConsumerRecord<>("users", 2, 7L, 0L, TimestampType.CREATE_TIME,
                0, 0, null, "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());

        assertThatThrownBy(() -> KafkaEnvelope.read(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Record users-2@7 does not carry a cqrs-kit envelope: header cqrs-message-id is missing."
                        + " Was it written by KafkaEventPublisher (KafkaEnvelope.toRecord)?");
    }
}
