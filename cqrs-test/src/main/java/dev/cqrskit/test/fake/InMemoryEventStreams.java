package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.domain.ConcurrencyConflictException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Event streams in memory with the expected-version rules of cqrs-eventstore's PostgreSQL {@code EventStore}: an
 * append stores its events only if the stream is at the expected version, else stores nothing and throws the
 * {@link ConcurrencyConflictException} the store throws, with the same message; every event gets the next global
 * position; {@link #readAll} returns events in position order.
 *
 * <pre>{@code
 * InMemoryEventStreams streams = new InMemoryEventStreams();
 * streams.append("Wallet:1", InMemoryEventStreams.NO_STREAM, metadata.stamp(List.of(new WalletOpened(ID))));
 * streams.append("Wallet:1", 1, metadata.stamp(List.of(new MoneyDeposited(ID, 50))));
 * List<DomainEvent> history = streams.eventsOf("Wallet:1");
 * }</pre>
 *
 * <p>Expected versions are the {@code ExpectedVersion.value()} of the event store: {@link #ANY}, {@link #NO_STREAM}
 * or the number of events the stream holds. It passes {@code StreamContract}, the contract test the PostgreSQL store
 * runs too. Unlike PostgreSQL it knows no tenants and no transactions: an append is visible at once, and positions
 * have no gaps. Events are kept as given, not serialized.
 *
 * <p>This class is threadsafe: appends and reads are serialized on the instance.
 *
 * @since 0.1.0
 */
public final class InMemoryEventStreams {

    /** The expectation any stream state meets. */
    public static final long ANY = -1;
    /** The expectation that the stream does not exist yet. */
    public static final long NO_STREAM = 0;

    private static final int MAX_STREAM_ID = 500;
    private static final int MAX_READ = 10_000;

    private final Map<String, List<Recorded>> streams = new HashMap<>();
    private final List<Recorded> log = new ArrayList<>();

    /** Creates empty streams. */
    public InMemoryEventStreams() {
    }

    /**
     * Appends events to a stream if it is at the expected version. An empty list stores nothing but still checks the
     * expectation.
     *
     * @param streamId        the stream, 1 to 500 characters without NUL
     * @param expectedVersion {@link #ANY}, {@link #NO_STREAM} or the number of events the stream must hold
     * @param messages        the events and their metadata, in order
     * @return the stream's new version and the positions of the events
     * @throws ConcurrencyConflictException if the stream is not at the expected version; nothing was stored
     * @throws IllegalArgumentException     if the stream id or the expected version is invalid
     */
    public synchronized Appended append(String streamId, long expectedVersion,
                                        List<? extends EventMessage<?>> messages) {
        checkStreamId(streamId);
        if (expectedVersion < ANY) {
            throw new IllegalArgumentException("expected version must be -1 (any), 0 (no stream) or a stream version"
                    + " >= 1, but was " + expectedVersion);
        }
        Objects.requireNonNull(messages, "messages must not be null");
        List<Recorded> stream = streams.getOrDefault(streamId, List.of());
        long actual = stream.size();
        if (expectedVersion != ANY && expectedVersion != actual) {
            throw ConcurrencyConflictException.of("Stream", streamId, expectedVersion, actual);
        }
        if (messages.isEmpty()) {
            return new Appended(streamId, actual, 0, 0);
        }
        List<Recorded> appended = new ArrayList<>(stream);
        long first = log.size() + 1L;
        for (EventMessage<?> message : messages) {
            Objects.requireNonNull(message, "messages must not contain null");
            Recorded recorded = new Recorded(log.size() + 1L, streamId, appended.size() + 1L,
                    new EventMessage<DomainEvent>(message.event(), message.metadata()));
            appended.add(recorded);
            log.add(recorded);
        }
        streams.put(streamId, appended);
        return new Appended(streamId, appended.size(), first, log.size());
    }

    /**
     * Reads a stream's events from a version on, oldest first.
     *
     * @param streamId    the stream
     * @param fromVersion the first version to read, 1 for all
     * @return the events, empty if the stream does not exist
     */
    public synchronized List<Recorded> readStream(String streamId, long fromVersion) {
        checkStreamId(streamId);
        List<Recorded> stream = streams.getOrDefault(streamId, List.of());
        int from = (int) Math.min(Math.max(fromVersion - 1, 0), stream.size());
        return List.copyOf(stream.subList(from, stream.size()));
    }

    /**
     * Reads events of all streams in position order, from a position on.
     *
     * @param fromPosition the first position to read, 1 for all
     * @param limit        how many events at most, 1 to 10,000
     * @return the events, oldest first
     * @throws IllegalArgumentException if the limit is out of range
     */
    public synchronized List<Recorded> readAll(long fromPosition, int limit) {
        if (limit < 1 || limit > MAX_READ) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_READ + ", but was " + limit);
        }
        int from = (int) Math.min(Math.max(fromPosition - 1, 0), log.size());
        return List.copyOf(log.subList(from, (int) Math.min((long) from + limit, log.size())));
    }

    /**
     * Returns a stream's current version.
     *
     * @param streamId the stream
     * @return the number of events it holds, 0 if it does not exist
     */
    public synchronized long version(String streamId) {
        checkStreamId(streamId);
        return streams.getOrDefault(streamId, List.of()).size();
    }

    /**
     * Returns the events of one stream, oldest first, for assertions.
     *
     * @param streamId the stream
     * @return its events, empty if it does not exist
     */
    public List<DomainEvent> eventsOf(String streamId) {
        return readStream(streamId, 1).stream().map(Recorded::event).toList();
    }

    @Override
    public synchronized String toString() {
        return "InMemoryEventStreams[" + streams.size() + " streams, " + log.size() + " events]";
    }

    private static void checkStreamId(String streamId) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        if (streamId.isEmpty() || streamId.length() > MAX_STREAM_ID || streamId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("streamId must have 1 to " + MAX_STREAM_ID + " characters and no NUL,"
                    + " but was '" + streamId.replace("\0", "\\0") + "' (" + streamId.length() + " characters)");
        }
    }

    /**
     * What an append stored, as the event store's {@code AppendResult}: the stream's version after it and the
     * global positions of its first and last event ({@code 0} for an empty append).
     *
     * @param streamId      the stream
     * @param version       the stream's version after the append
     * @param firstPosition the position of the first appended event, 0 if none
     * @param lastPosition  the position of the last appended event, 0 if none
     * @since 0.1.0
     */
    public record Appended(String streamId, long version, long firstPosition, long lastPosition) {

        /** Validates the parts. */
        public Appended {
            Objects.requireNonNull(streamId, "streamId must not be null");
        }
    }

    /**
     * An event as the streams hold it, as the event store's {@code RecordedEvent}: its global position, its stream
     * and version in it, and the event with its metadata.
     *
     * @param position      the global position, from 1
     * @param streamId      the stream
     * @param streamVersion its version in the stream, from 1
     * @param message       the event and its metadata
     * @since 0.1.0
     */
    public record Recorded(long position, String streamId, long streamVersion, EventMessage<DomainEvent> message) {

        /** Validates the parts. */
        public Recorded {
            Objects.requireNonNull(streamId, "streamId must not be null");
            Objects.requireNonNull(message, "message must not be null");
        }

        /** @return the event */
        public DomainEvent event() {
            return message.event();
        }

        /** @return its metadata */
        public Metadata metadata() {
            return message.metadata();
        }
    }
}
