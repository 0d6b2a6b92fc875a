package dev.cqrskit.test.fake;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.EventBus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EventBus} that records every published event with its metadata, then passes it on to a real bus (or to
 * nobody), for testing code that publishes events.
 *
 * <pre>{@code
 * RecordingEventBus events = new RecordingEventBus(metadataFactory, EventBus.builder().build());
 * service.run();
 * assertThat(events.events()).containsExactly(new UserRegistered(USER, "ada@example.com"));
 * }</pre>
 *
 * <p>This class is threadsafe if the bus it passes events to is (the core buses are).
 *
 * @since 0.1.0
 */
public final class RecordingEventBus implements EventBus {

    private final MetadataFactory metadataFactory;
    private final EventBus next;
    private final List<EventMessage<?>> published = new ArrayList<>();

    /**
     * Creates a bus that records only.
     *
     * @param metadataFactory makes the metadata of events published without it
     */
    public RecordingEventBus(MetadataFactory metadataFactory) {
        this(metadataFactory, EventBus.builder().metadataFactory(metadataFactory).build());
    }

    /**
     * Creates a bus that records, then delivers to another bus.
     *
     * @param metadataFactory makes the metadata of events published without it
     * @param next            delivers the events to subscribers
     */
    public RecordingEventBus(MetadataFactory metadataFactory, EventBus next) {
        this.metadataFactory = Objects.requireNonNull(metadataFactory, "metadataFactory must not be null");
        this.next = Objects.requireNonNull(next, "next must not be null");
    }

    @Override
    public void publish(DomainEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        publish(new EventMessage<>(event, metadataFactory.next()));
    }

    @Override
    public void publish(EventMessage<?> message) {
        Objects.requireNonNull(message, "message must not be null");
        synchronized (published) {
            published.add(message);
        }
        next.publish(message);
    }

    /** @return every event published so far with its metadata, oldest first; a snapshot */
    public List<EventMessage<?>> messages() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    /** @return every event published so far, oldest first; a snapshot */
    public List<DomainEvent> events() {
        return messages().stream().<DomainEvent>map(EventMessage::event).toList();
    }

    /** Forgets the events published so far. */
    public void clear() {
        synchronized (published) {
            published.clear();
        }
    }
}
