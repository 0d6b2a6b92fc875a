package dev.cqrskit.core.publish;

import dev.cqrskit.core.Metadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishOutcomeTest {

    @Test
    void factoriesMakeEachOutcomeForItsMessage() {
        assertThat(PublishOutcome.published(id(1), "eb-1"))
                .isEqualTo(new PublishOutcome.Published(id(1), Optional.of("eb-1")));
        assertThat(PublishOutcome.published(id(1), null))
                .isEqualTo(new PublishOutcome.Published(id(1), Optional.empty()));
        assertThat(PublishOutcome.retryable(id(2), "throttled").messageId()).isEqualTo(id(2));
        assertThat(PublishOutcome.permanent(id(3), "too large"))
                .isInstanceOf(PublishOutcome.PermanentFailure.class);
    }

    @Test
    void aPublisherReturnsOneOutcomePerEvent() {
        EventPublisher publisher = batch -> batch.stream()
                .map(event -> event.type().endsWith("Bad")
                        ? PublishOutcome.permanent(event.messageId(), "refused")
                        : PublishOutcome.published(event.messageId(), null))
                .toList();
        SerializedEvent good = new SerializedEvent("user.Registered", "User-1", "{}", Metadata.root(id(1), NOW));
        SerializedEvent bad = new SerializedEvent("user.Bad", "User-1", "{}", Metadata.root(id(2), NOW));

        List<PublishOutcome> outcomes = publisher.publish(List.of(good, bad));

        assertThat(outcomes).extracting(PublishOutcome::messageId).containsExactly(id(1), id(2));
        assertThat(good.messageId()).isEqualTo(id(1));
    }

    @Test
    void serializedEventsRequireEveryPart() {
        Metadata metadata = Metadata.root(id(1), NOW);
        assertThatThrownBy(() -> new SerializedEvent(null, "k", "{}", metadata)).hasMessage("type must not be null");
        assertThatThrownBy(() -> new SerializedEvent("t", null, "{}", metadata)).hasMessage("key must not be null");
        assertThatThrownBy(() -> new SerializedEvent("t", "k", null, metadata)).hasMessage("payload must not be null");
        assertThatThrownBy(() -> new SerializedEvent("t", "k", "{}", null)).hasMessage("metadata must not be null");
        assertThatThrownBy(() -> PublishOutcome.retryable(id(1), null)).hasMessage("reason must not be null");
    }
}
