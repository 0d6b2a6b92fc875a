package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.SerializedEvent;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

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
 * <p>A mapping is checked against EventBridge's limits when it is built, so that AWS never rejects what it sends:
 * the source must not start with {@code aws.}, a fixed detail type has at most 128 characters, the bus is a name of
 * {@code [/.\-_A-Za-z0-9]+} or an event-bus ARN of at most 1,600 characters. Messages name the property,
 * e.g. {@code cqrs.eventbridge.mapping.detail-type must be at most 128 characters, but was 129 characters: '...'}.
 *
 * <p>Instances are immutable and threadsafe if the resources function is.
 *
 * @param source        the {@code Source} of every entry, e.g. your service's reverse domain name; not starting with
 *                      {@code aws.}, which EventBridge reserves for AWS services
 * @param detailType    the {@code DetailType}, at most 128 characters; empty to use the stable event type name (the
 *                      default)
 * @param eventBusName  the bus's name or ARN, at most 1,600 characters; {@code default} for the account's default bus
 * @param resources     the {@code Resources} of an event (ARNs), never null; returns an empty list for none
 * @param schemaVersion the {@code schemaVersion} written into the Detail envelope
 * @since 0.1.0
 */
public record EventMapping(String source, Optional<String> detailType, String eventBusName,
                           Function<SerializedEvent, List<String>> resources, String schemaVersion) {

    /** The default {@code Source}: set your own service's name instead. */
    public static final String DEFAULT_SOURCE = "cqrs-kit";
    /** EventBridge's limit on the characters of a {@code DetailType}. */
    public static final int MAX_DETAIL_TYPE_CHARACTERS = 128;
    /** EventBridge's limit on the characters of an {@code EventBusName}, a name or an ARN. */
    public static final int MAX_EVENT_BUS_NAME_CHARACTERS = 1600;

    /** The {@code EventBusName} pattern of the PutEvents API: a name, or the ARN of a bus. */
    private static final Pattern EVENT_BUS_NAME =
            Pattern.compile("(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus/)?[/.\\-_A-Za-z0-9]+");

    /** Validates every part against EventBridge's limits; messages name the property and the value. */
    public EventMapping {
        Settings.notBlank("mapping.source", source);
        Settings.require(!source.startsWith("aws."), "mapping.source", "a source of your own: EventBridge reserves"
                + " 'aws.' for AWS services and fails such entries with NotAuthorizedForSourceException",
                Settings.quote(source));
        Settings.notNull("mapping.detail-type", detailType);
        detailType.ifPresent(type -> Settings.atMost("mapping.detail-type",
                Settings.notBlank("mapping.detail-type", type), MAX_DETAIL_TYPE_CHARACTERS));
        Settings.atMost("mapping.event-bus-name", Settings.notBlank("mapping.event-bus-name", eventBusName),
                MAX_EVENT_BUS_NAME_CHARACTERS);
        Settings.require(EVENT_BUS_NAME.matcher(eventBusName).matches(), "mapping.event-bus-name",
                "a bus name of [/.\\-_A-Za-z0-9]+ or an event-bus ARN like"
                        + " arn:aws:events:eu-west-1:123456789012:event-bus/domain-events", Settings.quote(eventBusName));
        Settings.notNull("mapping.resources", resources);
        Settings.notBlank("mapping.schema-version", schemaVersion);
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
     * @throws IllegalArgumentException if the mapping has no detail type and the type name is longer than 128
     *                                  characters, which EventBridge would reject
     */
    public String detailTypeOf(SerializedEvent event) {
        return detailType.orElseGet(() -> checkedTypeName("mapping.detail-type", event.type()));
    }

    /** The type name as the default {@code DetailType}, checked against EventBridge's limit. */
    static String checkedTypeName(String property, String type) {
        Settings.require(type.length() <= MAX_DETAIL_TYPE_CHARACTERS, property, "at most "
                + MAX_DETAIL_TYPE_CHARACTERS + " characters (the default detail type is the event type name; give the"
                + " type a mapping with a shorter detailType)",
                "the type name " + Settings.quote(type) + " of " + type.length() + " characters");
        return type;
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
