package dev.cqrskit.spring.boot.autoconfigure;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.outbox.EventSerializer;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EventSerializer} on Jackson 3, the Jackson of Spring Boot 4, that writes the same JSON as
 * {@link EventSerializer#jackson()} (Jackson 2) for the same event, so a Boot 4 application initializes no Jackson 2
 * mapper for its events and reads what either wrote. Threadsafe: a {@link JsonMapper} is immutable.
 */
final class Jackson3EventSerializer implements EventSerializer {

    private final JsonMapper mapper;

    private Jackson3EventSerializer(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A serializer on a copy of the application's mapper: its modules and mix-ins apply to events, while the settings
     * that shape the stored JSON are pinned to those of the Jackson 2 default (see {@link #pinned}).
     *
     * @param base the application's mapper, e.g. Spring Boot's; it is not changed
     * @return the serializer
     */
    static Jackson3EventSerializer from(JsonMapper base) {
        return pinned(Objects.requireNonNull(base, "base must not be null").rebuild());
    }

    /**
     * A serializer on a new mapper with the pinned settings.
     *
     * @return the serializer
     */
    static Jackson3EventSerializer withDefaultMapper() {
        return pinned(JsonMapper.builder());
    }

    /**
     * Jackson 2's defaults (properties in declaration order, durations as numbers, null for a missing primitive, ...),
     * then the Jackson 2 default serializer's own settings: dates as ISO-8601 text, unknown properties ignored on
     * reading; and, whatever the application configured, every property written (nulls too) under its declared name.
     */
    private static Jackson3EventSerializer pinned(JsonMapper.Builder builder) {
        return new Jackson3EventSerializer(builder
                .configureForJackson2()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .propertyNamingStrategy(null)
                .changeDefaultPropertyInclusion(inclusion -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS,
                        JsonInclude.Include.ALWAYS))
                .build());
    }

    @Override
    public String serialize(DomainEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        try {
            return mapper.writeValueAsString(event);
        } catch (JacksonException e) {
            throw EventSerializer.serializationFailed(event, e.getOriginalMessage(),
                    "Make it a record of JSON-friendly types, or declare your own EventSerializer bean.", e);
        }
    }

    @Override
    public <E extends DomainEvent> E deserialize(String json, Class<E> type) {
        Objects.requireNonNull(json, "json must not be null");
        Objects.requireNonNull(type, "type must not be null");
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw EventSerializer.deserializationFailed(type, json, e.getOriginalMessage(), e);
        }
    }
}
