package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.SerializedEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How events of one type become EventBridge entries: their {@code Source}, {@code DetailType}, bus,
 * {@code Resources} and the schema version written into the {@code Detail} envelope. {@code Time} is always the
 * event's occurred-at and {@code TraceHeader} always comes from its {@code traceparent} header.
 *
 * <pre>{@code
 * EventMapping users = EventMapping.builder()
 *         .source("com.example.users")
 *         .eventBusName("domain-events")
 *         .resources(event -> List.of("arn:aws:example:::user/" + event.key()))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe if the resources function is.
 *
 * @param source        the {@code Source} of every entry, e.g. your service's reverse domain name
 * @param detailType    the {@code DetailType}; empty to use the stable event type name (the default)
 * @param eventBusName  the bus's name or ARN; {@code default} for the account's default bus
 * @param resources     the {@code Resources} of an event (ARNs), never null; returns an empty list for none
 * @param schemaVersion the {@code schemaVersion} written into the Detail envelope
 * @since 0.1.0
 */
public record EventMapping(String source, Optional<String> detailType, String eventBusName,
                           Function<SerializedEvent, List<String>> resources, String schemaVersion) {

    /** The default {@code Source}: set your own service's name instead. */
    public static final String DEFAULT_SOURCE = "cqrs-kit";

    /** Validates every part; messages name the property. */
    public EventMapping {
        notBlank("eventMapping.source", source);
        Objects.requireNonNull(detailType, "eventMapping.detailType must not be null");
        detailType.ifPresent(type -> notBlank("eventMapping.detailType", type));
        notBlank("eventMapping.eventBusName", eventBusName);
        Objects.requireNonNull(resources, "eventMapping.resources must not be null");
        notBlank("eventMapping.schemaVersion", schemaVersion);
    }

    /** @return source {@value #DEFAULT_SOURCE}, detail type = event type, bus {@code default}, no resources, schema "1" */
    public static EventMapping defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the {@code DetailType} of an event of this mapping.
     *
     * @param event the event
     * @return the configured detail type, or the event's stable type name
     */
    public String detailTypeOf(SerializedEvent event) {
        return detailType.orElse(event.type());
    }

    private static void notBlank(String property, String value) {
        Objects.requireNonNull(value, property + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank");
        }
    }

    /**
     * Builds an {@link EventMapping}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String source = DEFAULT_SOURCE;
        private String detailType;
        private String eventBusName = "default";
        private Function<SerializedEvent, List<String>> resources = event -> List.of();
        private String schemaVersion = "1";

        private Builder() {
        }

        /** @param source the {@code Source} @return this builder */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** @param detailType a fixed {@code DetailType}, or {@code null} for the event type name @return this builder */
        public Builder detailType(String detailType) {
            this.detailType = detailType;
            return this;
        }

        /** @param eventBusName the bus's name or ARN @return this builder */
        public Builder eventBusName(String eventBusName) {
            this.eventBusName = eventBusName;
            return this;
        }

        /** @param resources the {@code Resources} of an event @return this builder */
        public Builder resources(Function<SerializedEvent, List<String>> resources) {
            this.resources = resources;
            return this;
        }

        /** @param schemaVersion the schema version written into the envelope @return this builder */
        public Builder schemaVersion(String schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the validated mapping
         * @throws IllegalArgumentException if a part is blank
         */
        public EventMapping build() {
            return new EventMapping(source, Optional.ofNullable(detailType), eventBusName, resources, schemaVersion);
        }
    }
}
