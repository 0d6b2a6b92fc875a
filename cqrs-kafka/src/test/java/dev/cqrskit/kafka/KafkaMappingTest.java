package dev.cqrskit.kafka;

import org.junit.jupiter.api.Test;

import static dev.cqrskit.kafka.KafkaFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaMappingTest {

    @Test
    void routesAMappedTypeToItsTopicAndOthersToTheDefault() {
        KafkaMapping mapping = KafkaMapping.builder()
                .topic("test.Counted.v1", "counted")
                .defaultTopic("events")
                .build();

        assertThat(mapping.topicOf(aCounted("a", 1))).isEqualTo("counted");
        assertThat(KafkaMapping.builder().topic("x.Other.v1", "other").defaultTopic("events").build()
                .topicOf(aCounted("a", 1))).isEqualTo("events");
    }

    @Test
    void asksAFunctionAndChecksWhatItReturns() {
        assertThat(KafkaMapping.of(event -> event.type().substring(0, 4)).topicOf(aCounted("a", 1)))
                .isEqualTo("test");
        assertThatThrownBy(() -> KafkaMapping.of(event -> "no spaces").topicOf(aCounted("a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.kafka.mapping(test.Counted.v1) must consist of 1 to 249 letters, digits, '.',"
                        + " '_' or '-' (not '.' or '..'), but was 'no spaces'");
    }

    @Test
    void rejectsASecondTopicForTheSameType() {
        KafkaMapping.Builder builder = KafkaMapping.builder().topic("test.Counted.v1", "counted");

        assertThatThrownBy(() -> builder.topic("test.Counted.v1", "elsewhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.kafka.mapping.topics[test.Counted.v1] must be mapped once (it is mapped to"
                        + " 'counted' already), but was 'elsewhere'");
    }

    @Test
    void rejectsIllegalTopicNamesAtBuildTime() {
        assertThatThrownBy(() -> KafkaMapping.builder().defaultTopic(".."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cqrs.kafka.mapping.default-topic must consist of");
        assertThatThrownBy(() -> KafkaMapping.builder().topic("t", "a/b"))
                .hasMessageStartingWith("cqrs.kafka.mapping.topics[t] must consist of");
    }

    @Test
    void rejectsAMappingWithoutAnyTopic() {
        assertThatThrownBy(() -> KafkaMapping.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.kafka.mapping must name at least one topic or a default topic, but was empty");
    }
}
