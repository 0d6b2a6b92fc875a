package dev.cqrskit.eventstore;

import java.util.Objects;

/**
 * What an append stored: the stream's version after it and the global positions of its first and last event. The
 * last position is the consistency token of read-your-writes: {@link Subscriptions#awaitPosition} waits until a
 * subscription has handled it.
 *
 * <p>An empty append stores nothing: its positions are {@code 0}.
 *
 * @param streamId      the stream
 * @param version       the stream's version after the append
 * @param firstPosition the position of the first appended event, 0 if none
 * @param lastPosition  the position of the last appended event, 0 if none
 * @since 0.1.0
 */
public record AppendResult(String streamId, long version, long firstPosition, long lastPosition) {

    /** Validates the parts. */
    public AppendResult {
        Objects.requireNonNull(streamId, "streamId must not be null");
    }

    /** @return the consistency token to wait for: {@link #lastPosition()} */
    public long position() {
        return lastPosition;
    }
}
