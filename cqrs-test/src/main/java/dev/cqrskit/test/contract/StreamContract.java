package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.test.fake.InMemoryEventStreams;
import dev.cqrskit.test.fake.InMemoryEventStreams.Appended;
import dev.cqrskit.test.fake.InMemoryEventStreams.Recorded;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of an event stream store as a JUnit 5 test: extend it once per store, so
 * {@link InMemoryEventStreams} and cqrs-eventstore's PostgreSQL {@code EventStore} are held to the same rules and
 * cannot drift apart.
 *
 * <pre>{@code
 * class EventStoreStreamContractIT extends StreamContract {
 *     protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
 *         AppendResult result = store.append(streamId, new ExpectedVersion(expectedVersion), messages);
 *         return new Appended(streamId, result.version(), result.firstPosition(), result.lastPosition());
 *     }
 *     protected List<Recorded> readStream(String streamId, long fromVersion) { ... }
 *     protected List<Recorded> readAll(long fromPosition, int limit) { ... }
 *     protected long version(String streamId) { return store.version(streamId); }
 *     protected DomainEvent anEvent(String streamId, long n) { return new Noted(streamId, n); }
 * }
 * }</pre>
 *
 * <p>What it checks: an append stores its events only if the stream is at the expected version ({@code -1} any,
 * {@code 0} no stream, else the number of events it holds), else stores nothing and throws
 * {@link ConcurrencyConflictException} with the message of {@code ConcurrencyConflictException.of("Stream", ...)};
 * stream versions run from 1 without gaps; every event gets a global position higher than any before it, never one
 * reused; streams read back in version order and {@code readAll} in position order; concurrent appends at the
 * version each writer read lose no event. Positions may have gaps (PostgreSQL's do). Each test uses fresh stream
 * ids, so one store may serve every test of the class; the {@code readAll} tests expect no other writer while they
 * run. The store must be threadsafe (one test appends from four threads); the contract class itself is not, and
 * JUnit makes one instance per test.
 *
 * @since 0.1.0
 */
public abstract class StreamContract {

    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    /** Creates the contract test; subclasses are JUnit test classes. */
    protected StreamContract() {
    }

    /**
     * Appends events to a stream of the store under test.
     *
     * @param streamId        the stream
     * @param expectedVersion {@code -1} any, {@code 0} no stream, else the number of events the stream must hold
     * @param messages        the events and their metadata, in order
     * @return what was stored
     * @throws ConcurrencyConflictException if the stream is not at the expected version
     */
    protected abstract Appended append(String streamId, long expectedVersion,
                                       List<EventMessage<DomainEvent>> messages);

    /**
     * Reads a stream of the store under test.
     *
     * @param streamId    the stream
     * @param fromVersion the first version to read
     * @return its events from that version on, oldest first
     */
    protected abstract List<Recorded> readStream(String streamId, long fromVersion);

    /**
     * Reads events of all streams of the store under test in position order.
     *
     * @param fromPosition the first position to read
     * @param limit        how many at most
     * @return the events
     */
    protected abstract List<Recorded> readAll(long fromPosition, int limit);

    /**
     * Returns a stream's version in the store under test.
     *
     * @param streamId the stream
     * @return the number of events it holds, 0 if it does not exist
     */
    protected abstract long version(String streamId);

    /**
     * Returns an event the store can hold, equal to another only if made with the same arguments.
     *
     * @param streamId the stream it is meant for
     * @param n        a number that tells events of one stream apart
     * @return the event
     */
    protected abstract DomainEvent anEvent(String streamId, long n);

    @Test
    void appendsToANewStreamAndReadsItBackInOrder() {
        String stream = aStream();
        List<EventMessage<DomainEvent>> events = events(stream, 1, 3);

        Appended appended = append(stream, 0, events);

        assertThat(appended.version()).isEqualTo(3);
        assertThat(appended.lastPosition()).isGreaterThanOrEqualTo(appended.firstPosition() + 2);
        List<Recorded> read = readStream(stream, 1);
        assertThat(read).extracting(Recorded::event).containsExactlyElementsOf(eventsOf(events));
        assertThat(read).extracting(Recorded::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(read).extracting(Recorded::streamId).containsOnly(stream);
        assertThat(read).extracting(recorded -> recorded.metadata().messageId())
                .containsExactlyElementsOf(events.stream().map(message -> message.metadata().messageId()).toList());
        assertThat(read).extracting(Recorded::position).isSorted().doesNotHaveDuplicates()
                .startsWith(appended.firstPosition()).endsWith(appended.lastPosition());
        assertThat(version(stream)).isEqualTo(3);
    }

    @Test
    void appendsAtTheVersionTheStreamIsAt() {
        String stream = aStream();
        append(stream, 0, events(stream, 1, 2));

        Appended appended = append(stream, 2, events(stream, 3, 1));

        assertThat(appended.version()).isEqualTo(3);
        assertThat(readStream(stream, 1)).extracting(Recorded::event).containsExactly(
                anEvent(stream, 1), anEvent(stream, 2), anEvent(stream, 3));
        assertThat(readStream(stream, 1)).extracting(Recorded::streamVersion).containsExactly(1L, 2L, 3L);
    }

    @Test
    void rejectsNoStreamWhenTheStreamExistsAndStoresNothing() {
        String stream = aStream();
        append(stream, 0, events(stream, 1, 2));

        assertThatThrownBy(() -> append(stream, 0, events(stream, 3, 1)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage(conflictMessage(stream, 0, 2));
        assertThat(readStream(stream, 1)).hasSize(2);
        assertThat(version(stream)).isEqualTo(2);
    }

    @Test
    void rejectsAStaleExpectedVersionAndStoresNothing() {
        String stream = aStream();
        append(stream, 0, events(stream, 1, 2));

        assertThatThrownBy(() -> append(stream, 1, events(stream, 3, 2)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage(conflictMessage(stream, 1, 2));
        assertThat(readStream(stream, 1)).extracting(Recorded::event).containsExactly(
                anEvent(stream, 1), anEvent(stream, 2));
    }

    @Test
    void rejectsAnExpectedVersionOfAStreamThatDoesNotExist() {
        String stream = aStream();

        assertThatThrownBy(() -> append(stream, 1, events(stream, 1, 1)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage(conflictMessage(stream, 1, 0));
        assertThat(readStream(stream, 1)).isEmpty();
        assertThat(version(stream)).isZero();
    }

    @Test
    void anyAppendsWhateverTheStreamHolds() {
        String stream = aStream();

        append(stream, -1, events(stream, 1, 1));
        Appended appended = append(stream, -1, events(stream, 2, 2));

        assertThat(appended.version()).isEqualTo(3);
        assertThat(readStream(stream, 1)).extracting(Recorded::streamVersion).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anEmptyAppendChecksTheExpectationAndStoresNothing() {
        String stream = aStream();
        append(stream, 0, events(stream, 1, 2));

        Appended appended = append(stream, 2, List.of());

        assertThat(appended.version()).isEqualTo(2);
        assertThat(appended.firstPosition()).isZero();
        assertThat(appended.lastPosition()).isZero();
        assertThatThrownBy(() -> append(stream, 1, List.of()))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage(conflictMessage(stream, 1, 2));
        assertThat(version(stream)).isEqualTo(2);
    }

    @Test
    void readsAStreamFromAVersionOn() {
        String stream = aStream();
        append(stream, 0, events(stream, 1, 4));

        assertThat(readStream(stream, 3)).extracting(Recorded::event).containsExactly(
                anEvent(stream, 3), anEvent(stream, 4));
        assertThat(readStream(stream, 5)).isEmpty();
        assertThat(readStream(aStream(), 1)).isEmpty();
    }

    @Test
    void readsAllStreamsInPositionOrder() {
        String first = aStream();
        String second = aStream();
        long from = append(first, 0, events(first, 1, 1)).firstPosition();
        append(second, 0, events(second, 1, 2));
        append(first, 1, events(first, 2, 1));

        List<Recorded> all = readAll(from, 100).stream()
                .filter(recorded -> recorded.streamId().equals(first) || recorded.streamId().equals(second))
                .toList();

        assertThat(all).extracting(Recorded::event).containsExactly(
                anEvent(first, 1), anEvent(second, 1), anEvent(second, 2), anEvent(first, 2));
        assertThat(all).extracting(Recorded::position).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void readsAllFromAPositionUpToALimit() {
        String stream = aStream();
        Appended appended = append(stream, 0, events(stream, 1, 5));

        List<Recorded> page = readAll(appended.firstPosition() + 1, 2);

        assertThat(page).extracting(Recorded::event).containsExactly(anEvent(stream, 2), anEvent(stream, 3));
        assertThat(page.get(0).position()).isGreaterThan(appended.firstPosition());
    }

    @Test
    void givesEveryEventAPositionHigherThanAnyBefore() {
        String first = aStream();
        String second = aStream();
        Appended one = append(first, 0, events(first, 1, 2));
        Appended two = append(second, 0, events(second, 1, 2));
        Appended three = append(first, 2, events(first, 3, 1));

        assertThat(two.firstPosition()).isGreaterThan(one.lastPosition());
        assertThat(three.firstPosition()).isGreaterThan(two.lastPosition());
        List<Long> positions = new ArrayList<>();
        readStream(first, 1).forEach(recorded -> positions.add(recorded.position()));
        readStream(second, 1).forEach(recorded -> positions.add(recorded.position()));
        assertThat(positions).doesNotHaveDuplicates();
    }

    @Test
    void rejectsAStreamIdThatIsEmptyOrHoldsNul() {
        assertThatThrownBy(() -> append("", 0, events(aStream(), 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId must have 1 to 500 characters");
        assertThatThrownBy(() -> readStream("a\0b", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\0b");
    }

    @Test
    void concurrentAppendsAtTheReadVersionLoseNoEvent() throws Exception {
        String stream = aStream();
        AtomicInteger appended = new AtomicInteger();
        Race.run(4, 25, () -> {
            long read = readStream(stream, 1).size();
            try {
                append(stream, read, events(stream, read + 1, 1));
                appended.incrementAndGet();
            } catch (ConcurrencyConflictException lostTheRace) {
                // another writer appended since this one read: the command would run again
            }
        });

        List<Recorded> read = readStream(stream, 1);
        assertThat(appended.get()).isPositive();
        assertThat(read).hasSize(appended.get());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).streamVersion()).isEqualTo(i + 1L);
            assertThat(read.get(i).event()).isEqualTo(anEvent(stream, i + 1L));
        }
        assertThat(read).extracting(Recorded::position).isSorted().doesNotHaveDuplicates();
    }

    private String aStream() {
        return "Contract:" + UUID.randomUUID();
    }

    private List<EventMessage<DomainEvent>> events(String stream, long from, int count) {
        List<EventMessage<DomainEvent>> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(new EventMessage<>(anEvent(stream, from + i), METADATA.root()));
        }
        return messages;
    }

    private static List<DomainEvent> eventsOf(List<EventMessage<DomainEvent>> messages) {
        return messages.stream().map(EventMessage::event).toList();
    }

    private static String conflictMessage(String stream, long expected, long actual) {
        return ConcurrencyConflictException.of("Stream", stream, expected, actual).getMessage();
    }
}
