package dev.cqrskit.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.DomainEvent;

/**
 * Turns events into JSON for the outbox's {@code payload} column and back. The default uses Jackson.
 *
 * <p>Implementations are threadsafe and throw {@link OutboxException} (or another unchecked exception) when an
 * event cannot be converted.
 *
 * @since 0.1.0
 */
public interface EventSerializer {

    /**
     * Serializes an event.
     *
     * @param event the event
     * @return a JSON document
     */
    String serialize(DomainEvent event);

    /**
     * Deserializes an event.
     *
     * @param json the JSON document
     * @param type the event class
     * @param <E>  the event type
     * @return the event
     */
    <E extends DomainEvent> E deserialize(String json, Class<E> type);

    /**
     * Returns the Jackson serializer with a mapper that handles records and {@code java.time} types, writes dates
     * as ISO-8601 text and ignores unknown properties on reading (so adding a field stays compatible).
     *
     * @return a threadsafe serializer
     */
    static EventSerializer jackson() {
        return JacksonEventSerializer.withDefaultMapper();
    }

    /**
     * Returns the Jackson serializer with your mapper.
     *
     * @param mapper a configured mapper; it must not be reconfigured afterwards
     * @return a threadsafe serializer
     */
    static EventSerializer jackson(ObjectMapper mapper) {
        return new JacksonEventSerializer(mapper);
    }
}
