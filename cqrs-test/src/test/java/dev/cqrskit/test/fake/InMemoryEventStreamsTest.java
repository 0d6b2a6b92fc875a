package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the fake adds to the stream contract (StreamContract covers the rules it shares with PostgreSQL). */
class InMemoryEventStreamsTest {

    record Noted(String text) implements DomainEvent {
    }

    private final MetadataFactory metadata = new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator());
    private final InMemoryEventStreams streams = new InMemoryEventStreams();

    @Test
    void givesTheEventsOfAStreamForAssertions() {
        streams.append("Note:1", InMemoryEventStreams.NO_STREAM,
                metadata.stamp(List.of(new Noted("a"), new Noted("b"))));
        streams.append("Note:2", InMemoryEventStreams.ANY, metadata.stamp(List.of(new Noted("c"))));

        assertThat(streams.eventsOf("Note:1")).containsExactly(new Noted("a"), new Noted("b"));
        assertThat(streams.eventsOf("Note:3")).isEmpty();
        assertThat(streams).hasToString("InMemoryEventStreams[2 streams, 3 events]");
    }

    @Test
    void numbersPositionsWithoutGaps() {
        streams.append("Note:1", InMemoryEventStreams.NO_STREAM, metadata.stamp(List.of(new Noted("a"))));

        InMemoryEventStreams.Appended appended = streams.append("Note:2", InMemoryEventStreams.NO_STREAM,
                metadata.stamp(List.of(new Noted("b"), new Noted("c"))));

        assertThat(appended).isEqualTo(new InMemoryEventStreams.Appended("Note:2", 2, 2, 3));
    }

    @Test
    void rejectsAnExpectedVersionBelowAnyAndALimitOutOfRange() {
        List<EventMessage<Noted>> one = metadata.stamp(List.of(new Noted("a")));

        assertThatThrownBy(() -> streams.append("Note:1", -2, one))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected version must be -1 (any), 0 (no stream) or a stream version >= 1, but was -2");
        assertThatThrownBy(() -> streams.readAll(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 10000, but was 0");
    }
}
