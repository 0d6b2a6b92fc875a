package dev.cqrskit.core;

import java.util.Objects;

/**
 * A domain event together with its metadata: what the event bus delivers and the outbox stores.
 *
 * @param event    the event
 * @param metadata its metadata
 * @param <E>      the event's type
 * @since 0.1.0
 */
public record EventMessage<E extends DomainEvent>(E event, Metadata metadata) {

    /**
     * Creates a message.
     *
     * @throws NullPointerException if either part is null
     */
    public EventMessage {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
    }
}
