package dev.cqrskit.test.fake;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.fake.InMemoryEventPublisher.Failure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryEventPublisherTest {

    private final SequentialIdGenerator ids = new SequentialIdGenerator();
    private final InMemoryEventPublisher publisher = new InMemoryEventPublisher();

    private SerializedEvent event(String type, String key) {
        return new SerializedEvent(type, key, "{}", Metadata.root(ids.nextId(), TestClock.DEFAULT_START));
    }

    @Test
    void publishesEverythingByDefaultWithOneOutcomePerEvent() {
        List<SerializedEvent> batch = List.of(event("a", "k1"), event("b", "k2"));

        List<PublishOutcome> outcomes = publisher.publish(batch);

        assertThat(outcomes).hasSize(2).allMatch(PublishOutcome.Published.class::isInstance);
        assertThat(outcomes).extracting(PublishOutcome::messageId)
                .containsExactly(batch.get(0).messageId(), batch.get(1).messageId());
        assertThat(publisher.published()).isEqualTo(batch);
    }

    // tag::publisher[]
    @Test
    void failsTheNextEventsAndHoldsBackTheRestOfTheirKey() {
        publisher.failNext(1, Failure.RETRYABLE);
        SerializedEvent first = event("a", "k1");
        SerializedEvent sameKey = event("b", "k1");
        SerializedEvent otherKey = event("c", "k2");

        List<PublishOutcome> outcomes = publisher.publish(List.of(first, sameKey, otherKey));

        assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.RetryableFailure.class);
        assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.RetryableFailure.class)
                .extracting(o -> ((PublishOutcome.RetryableFailure) o).reason()).asString()
                .contains("an earlier event of key k1 failed in this batch");
        assertThat(outcomes.get(2)).isInstanceOf(PublishOutcome.Published.class);
        assertThat(publisher.published()).containsExactly(otherKey);
    }
    // end::publisher[]

    @Test
    void failsOneMessageAGivenNumberOfTimes() {
        SerializedEvent poison = event("poison", "k1");
        publisher.failMessage(poison.messageId(), Failure.PERMANENT, 2);

        assertThat(publisher.publish(List.of(poison))).singleElement().isInstanceOf(PublishOutcome.PermanentFailure.class);
        assertThat(publisher.publish(List.of(poison))).singleElement().isInstanceOf(PublishOutcome.PermanentFailure.class);
        assertThat(publisher.publish(List.of(poison))).singleElement().isInstanceOf(PublishOutcome.Published.class);
    }

    @Test
    void failsEventsThatMatchAPredicateUntilHealed() {
        publisher.failWhen(e -> e.type().equals("poison"), Failure.PERMANENT);

        assertThat(publisher.publish(List.of(event("poison", "k")))).singleElement()
                .isInstanceOf(PublishOutcome.PermanentFailure.class);
        publisher.heal();
        assertThat(publisher.publish(List.of(event("poison", "k")))).singleElement()
                .isInstanceOf(PublishOutcome.Published.class);
    }

    @Test
    void failsAFractionRepeatablyForASeed() {
        List<SerializedEvent> batch = IntStream.range(0, 1000).mapToObj(i -> event("e", "k" + i)).toList();
        publisher.failFraction(0.25, Failure.RETRYABLE, 42);
        InMemoryEventPublisher twin = new InMemoryEventPublisher().failFraction(0.25, Failure.RETRYABLE, 42);

        List<PublishOutcome> outcomes = publisher.publish(batch);

        long failed = outcomes.stream().filter(PublishOutcome.RetryableFailure.class::isInstance).count();
        assertThat(failed).isBetween(200L, 300L);
        assertThat(twin.publish(batch)).extracting(o -> o.getClass()).isEqualTo(
                outcomes.stream().map(o -> o.getClass()).toList());
    }

    @Test
    void throwsForAFailingBatch() {
        publisher.failNextBatches(1);

        assertThatThrownBy(() -> publisher.publish(List.of(event("a", "k"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("InMemoryEventPublisher was told to fail this batch of 1 events (failNextBatches)");
        assertThat(publisher.publish(List.of(event("a", "k")))).singleElement()
                .isInstanceOf(PublishOutcome.Published.class);
        assertThat(publisher.batches()).isEqualTo(2);
    }

    @Test
    void rejectsAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> publisher.failFraction(1.5, Failure.RETRYABLE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fraction must be between 0 and 1, but was 1.5");
    }
}
