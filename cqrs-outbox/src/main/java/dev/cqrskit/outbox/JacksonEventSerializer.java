package dev.cqrskit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cqrskit.core.DomainEvent;
import java.util.Objects;

/** Jackson-backed {@link EventSerializer}. Threadsafe: ObjectMapper is, once configured. */
final class JacksonEventSerializer implements EventSerializer {

    private final ObjectMapper mapper;

    JacksonEventSerializer(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    static JacksonEventSerializer withDefaultMapper() {
        return new JacksonEventSerializer(defaultMapper());
    }

    static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public String serialize(DomainEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw EventSerializer.serializationFailed(event, e.getOriginalMessage(), "Make it a record of JSON-friendly"
                    + " types, or pass your own ObjectMapper to EventSerializer.jackson(mapper).", e);
        }
    }

    @Override
    public <E extends DomainEvent> E deserialize(String json, Class<E> type) {
        Objects.requireNonNull(json, "json must not be null");
        Objects.requireNonNull(type, "type must not be null");
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw EventSerializer.deserializationFailed(type, json, e.getOriginalMessage(), e);
        }
    }
}
