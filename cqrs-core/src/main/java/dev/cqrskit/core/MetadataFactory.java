package dev.cqrskit.core;

import dev.cqrskit.core.internal.ContextStack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes the metadata of new messages from an injected {@link Clock} and {@link IdGenerator}, continuing the
 * conversation of the message being handled on the current thread.
 *
 * <p>Inside a handler, {@link #next()} returns metadata caused by the message being handled: same correlation id,
 * tenant, principal and headers, causation id set to that message's id. Outside any handler it starts a new
 * conversation. Repositories use {@link #stamp(List)} so that the events an aggregate recorded carry the command's
 * correlation and causation without the handler copying them:
 * <pre>{@code
 * List<EventMessage<UserEvent>> messages = metadataFactory.stamp(user.uncommittedEvents());
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class MetadataFactory {

    private final Clock clock;
    private final IdGenerator ids;

    /**
     * Creates a factory.
     *
     * @param clock supplies {@code occurredAt}
     * @param ids   supplies message ids
     */
    public MetadataFactory(Clock clock, IdGenerator ids) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.ids = Objects.requireNonNull(ids, "ids must not be null");
    }

    /**
     * Returns a factory on the system UTC clock with time-ordered ids.
     *
     * @return a factory
     */
    public static MetadataFactory systemDefault() {
        Clock clock = Clock.systemUTC();
        return new MetadataFactory(clock, IdGenerator.timeOrdered(clock));
    }

    /**
     * Returns metadata for a new message caused by {@code cause}, or starting a new conversation when there is none.
     *
     * @param cause the metadata of the causing message, or {@code null}
     * @return new metadata
     */
    public Metadata continuing(Metadata cause) {
        return cause == null ? root() : causedBy(cause);
    }

    /** @return the clock this factory reads */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns metadata for a new message: caused by the message handled on this thread, or a new conversation.
     *
     * @return new metadata
     */
    public Metadata next() {
        return continuing(ContextStack.<Metadata>current().metadata());
    }

    /** @return metadata that starts a new conversation */
    public Metadata root() {
        return Metadata.root(ids.nextId(), clock.instant());
    }

    /**
     * Returns metadata for a message that starts the handling of an outside request which came with its own
     * correlation id (an HTTP header, a broker's message attribute): a fresh message id, the given correlation id,
     * no causation id.
     *
     * @param correlationId the request's correlation id
     * @return new metadata
     */
    public Metadata forCorrelation(UUID correlationId) {
        Objects.requireNonNull(correlationId, "correlationId must not be null");
        return Metadata.builder().messageId(ids.nextId()).correlationId(correlationId).occurredAt(clock.instant())
                .build();
    }

    /**
     * Returns metadata for a message caused by another.
     *
     * @param cause the metadata of the causing message
     * @return new metadata
     */
    public Metadata causedBy(Metadata cause) {
        return Metadata.causedBy(cause, ids.nextId(), clock.instant());
    }

    /**
     * Wraps events with metadata from {@link #next()}, in order.
     *
     * @param events the events, for example an aggregate's uncommitted events
     * @param <E>    the events' type
     * @return one message per event, unmodifiable
     */
    public <E extends DomainEvent> List<EventMessage<E>> stamp(List<? extends E> events) {
        Objects.requireNonNull(events, "events must not be null");
        Metadata cause = ContextStack.<Metadata>current().metadata();
        List<EventMessage<E>> messages = new ArrayList<>(events.size());
        for (E event : events) {
            messages.add(new EventMessage<>(event, continuing(cause)));
        }
        return List.copyOf(messages);
    }
}
