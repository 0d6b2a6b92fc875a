package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as the store holds it: its global position, its stream and version in it, the decoded event and its
 * metadata, and when it was recorded.
 *
 * @param position      the global position (insertion order, not commit order)
 * @param streamId      the stream
 * @param streamVersion its version in the stream, from 1
 * @param message       the decoded event and its metadata
 * @param recordedAt    when the store recorded it
 * @since 0.1.0
 */
public record RecordedEvent(long position, String streamId, long streamVersion, EventMessage<DomainEvent> message,
                            Instant recordedAt) {

    /** Validates the parts. */
    public RecordedEvent {
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(recordedAt, "recordedAt must not be null");
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
