package dev.cqrskit.core.publish;

import dev.cqrskit.core.Metadata;

import java.util.Objects;
import java.util.UUID;

/**
 * An event ready to leave the process: its stable type name, ordering key, serialized payload and metadata. The
 * outbox relay hands batches of these to an {@link EventPublisher}.
 *
 * @param type     the stable event type name ("user.UserRegistered.v1"), not a class name
 * @param key      the ordering key; events with the same key are published in order (aggregate type + id)
 * @param payload  the event serialized as JSON
 * @param metadata the event's metadata; {@code metadata.messageId()} is the consumers' deduplication key
 * @since 0.1.0
 */
public record SerializedEvent(String type, String key, String payload, Metadata metadata) {

    /** Validates the parts. */
    public SerializedEvent {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
    }

    /** @return the message id, the consumers' deduplication key */
    public UUID messageId() {
        return metadata.messageId();
    }
}
