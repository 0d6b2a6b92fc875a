package dev.cqrskit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.DomainEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    record Timed(String id, Instant at) implements DomainEvent {
    }

    private final EventSerializer serializer = EventSerializer.jackson();

    @Test
    void writesRecordsWithIsoTimesAndReadsThemBack() {
        Timed event = new Timed("t-1", Instant.parse("2026-01-02T03:04:05.123456Z"));

        String json = serializer.serialize(event);

        assertThat(json).isEqualTo("{\"id\":\"t-1\",\"at\":\"2026-01-02T03:04:05.123456Z\"}");
        assertThat(serializer.deserialize(json, Timed.class)).isEqualTo(event);
    }

    @Test
    void ignoresPropertiesAddedByANewerVersion() {
        Timed event = serializer.deserialize("{\"id\":\"t-1\",\"at\":\"2026-01-02T03:04:05Z\",\"extra\":1}", Timed.class);

        assertThat(event.id()).isEqualTo("t-1");
    }

    @Test
    void explainsJsonThatDoesNotDecode() {
        assertThatThrownBy(() -> serializer.deserialize("{\"id\":", Timed.class))
                .isInstanceOf(OutboxException.class)
                .hasMessageStartingWith("Could not deserialize " + Timed.class.getName() + " from JSON {\"id\":");
    }
}
