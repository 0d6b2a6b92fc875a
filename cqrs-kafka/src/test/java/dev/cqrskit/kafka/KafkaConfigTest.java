package dev.cqrskit.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConfigTest {

    private static KafkaPublisherConfig.Builder publisher() {
        return KafkaPublisherConfig.builder().bootstrapServers("localhost:9092")
                .mapping(KafkaMapping.builder().defaultTopic("events").build());
    }

    private static KafkaConsumerConfig.Builder consumer() {
        return KafkaConsumerConfig.builder().bootstrapServers("localhost:9092").groupId("g").topics("events");
    }

    @Test
    void configuresAnIdempotentProducerWithBoundedWaits() {
        var producer = publisher().build().producerConfig();

        assertThat(producer).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000L);
    }

    @Test
    void leavesRoomForALongerLingerWithinTheDeliveryTimeout() {
        // given batching tuned for throughput
        KafkaPublisherConfig config = publisher().producerProperty("linger.ms", 5)
                .producerProperty("batch.size", 262_144).build();

        // when Kafka checks the settings (a producer is created without connecting)
        var producer = new KafkaProducer<>(config.producerConfig());
        producer.close(Duration.ZERO);

        // then
        assertThat(config.producerConfig()).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 19_995);
    }

    @Test
    void refusesALingerAsLongAsTheDeliveryTimeout() {
        assertThatThrownBy(() -> publisher().deliveryTimeout(Duration.ofSeconds(2)).producerProperty("linger.ms", 2_000)
                .build())
                .hasMessage("cqrs.kafka.producer.linger.ms must be at least 0 and shorter than"
                        + " cqrs.kafka.delivery-timeout (PT2S), but was 2000");
        assertThatThrownBy(() -> publisher().producerProperty("linger.ms", "soon").build())
                .hasMessage("cqrs.kafka.producer.linger.ms must be a whole number of milliseconds, but was soon");
    }

    @Test
    void refusesSettingsThatWeakenTheProducersGuarantees() {
        assertThatThrownBy(() -> publisher().producerProperty("enable.idempotence", "false").build())
                .hasMessage("cqrs.kafka.producer.enable.idempotence must be true (per-key order through retries"
                        + " needs it), but was false");
        assertThatThrownBy(() -> publisher().producerProperty("acks", "1").build())
                .hasMessageStartingWith("cqrs.kafka.producer.acks must be all");
        assertThatThrownBy(() -> publisher().producerProperty("max.in.flight.requests.per.connection", 6).build())
                .hasMessage("cqrs.kafka.producer.max.in.flight.requests.per.connection must be between 1 and 5,"
                        + " but was 6");
        assertThatThrownBy(() -> publisher().producerProperty("transactional.id", "x").build())
                .hasMessageStartingWith("cqrs.kafka.producer.transactional.id must not be set");
    }

    @Test
    void namesThePropertyOfABadTimeout() {
        assertThatThrownBy(() -> publisher().publishTimeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.kafka.publish-timeout must be longer than cqrs.kafka.delivery-timeout (PT20S),"
                        + " but was PT10S");
        assertThatThrownBy(() -> publisher().maxBlock(Duration.ZERO).build())
                .hasMessage("cqrs.kafka.max-block must be between PT0.1S and PT1M, but was PT0S");
        assertThatThrownBy(() -> KafkaPublisherConfig.builder().mapping(KafkaMapping.of(e -> "t")).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("cqrs.kafka.bootstrap-servers must not be null");
    }

    @Test
    void consumerCommitsItsOwnOffsets() {
        var kafka = consumer().build().kafkaConfig();

        assertThat(kafka).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        assertThatThrownBy(() -> consumer().consumerProperty("enable.auto.commit", true).build())
                .hasMessage("cqrs.kafka.consumer.properties.enable.auto.commit must not be set (cqrs-kit sets it:"
                        + " offsets are committed after the inbox transaction), but was true");
    }

    @Test
    void consumerNeedsAGroupAndTopics() {
        assertThatThrownBy(() -> consumer().groupId(" ").build())
                .hasMessage("cqrs.kafka.consumer.group-id must not be blank, but was ' '");
        assertThatThrownBy(() -> consumer().topics().build())
                .hasMessage("cqrs.kafka.consumer.topics must name at least one topic, but was []");
        assertThatThrownBy(() -> consumer().maxPollRecords(0).build())
                .hasMessage("cqrs.kafka.consumer.max-poll-records must be between 1 and 10000, but was 0");
    }
}
