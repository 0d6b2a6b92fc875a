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

    /**
     * Returns the exception a serializer throws when an event does not turn into JSON, so every serializer reports it
     * in the same words: the event's class, the JSON library's reason and how to fix it.
     *
     * @param event  the event
     * @param reason what the JSON library said
     * @param fix    one sentence on what to do, ending with a full stop
     * @param cause  the JSON library's exception
     * @return the exception to throw
     * @since 0.1.0
     */
    static OutboxException serializationFailed(DomainEvent event, String reason, String fix, Throwable cause) {
        return new OutboxException("Could not serialize " + event.getClass().getName() + " to JSON: " + reason + ". "
                + fix, cause);
    }

    /**
     * Returns the exception a serializer throws when stored JSON does not turn back into an event: the class, the
     * JSON (its first 200 characters) and the JSON library's reason.
     *
     * @param type   the event class asked for
     * @param json   the JSON document
     * @param reason what the JSON library said
     * @param cause  the JSON library's exception
     * @return the exception to throw
     * @since 0.1.0
     */
    static OutboxException deserializationFailed(Class<?> type, String json, String reason, Throwable cause) {
        String shown = json.length() <= 200 ? json : json.substring(0, 200) + "...";
        return new OutboxException("Could not deserialize " + type.getName() + " from JSON " + shown + ": " + reason,
                cause);
    }
}
