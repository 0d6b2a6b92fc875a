package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.core.support.ConfigValidation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Routes each event to a topic by its stable type name: explicit topics per type, then a default topic, or a
 * function of the event. The record key is always the event's ordering key, so one key stays on one partition.
 *
 * <pre>{@code
 * KafkaMapping mapping = KafkaMapping.builder()
 *         .topic("user.UserRegistered.v1", "users")
 *         .topic("user.PasswordChanged.v1", "users")
 *         .defaultTopic("domain-events")
 *         .build();
 * KafkaMapping byPrefix = KafkaMapping.of(event -> event.type().substring(0, event.type().indexOf('.')));
 * }</pre>
 *
 * <p>Topic names are checked against Kafka's rules at build time (and, for a function, per event: a name the
 * function gets wrong makes that event a permanent failure). An event whose type has no topic and no default is a
 * permanent failure too. Instances are immutable and threadsafe if the function is.
 *
 * @since 0.1.0
 */
public final class KafkaMapping {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String LEGAL = "1 to 249 letters, digits, '.', '_' or '-' (not '.' or '..')";

    private final Map<String, String> topics;
    private final Optional<String> defaultTopic;
    private final Function<SerializedEvent, String> function;

    private KafkaMapping(Map<String, String> topics, Optional<String> defaultTopic,
                         Function<SerializedEvent, String> function) {
        this.topics = Map.copyOf(topics);
        this.defaultTopic = defaultTopic;
        this.function = function;
    }

    /**
     * Returns a mapping that asks a function for each event's topic.
     *
     * @param topicOf returns the topic of an event; must not return null
     * @return the mapping
     */
    public static KafkaMapping of(Function<SerializedEvent, String> topicOf) {
        return new KafkaMapping(Map.of(), Optional.empty(),
                ConfigValidation.notNull("cqrs.kafka.mapping", topicOf));
    }

    /** @return a builder of explicit topics per event type */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the topic of an event.
     *
     * @param event the event
     * @return its topic
     * @throws IllegalArgumentException if the event's type has no topic, or the function returned an illegal name
     */
    public String topicOf(SerializedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (function != null) {
            return checked("cqrs.kafka.mapping(" + event.type() + ")", function.apply(event));
        }
        String topic = topics.get(event.type());
        if (topic != null) {
            return topic;
        }
        return defaultTopic.orElseThrow(() -> new IllegalArgumentException("Event type '" + event.type()
                + "' has no Kafka topic. Mapped types: " + topics.keySet() + ". Map it with KafkaMapping.builder()"
                + ".topic(\"" + event.type() + "\", topic) or set a defaultTopic."));
    }

    /** @return the explicit topics by event type; empty for a function mapping */
    public Map<String, String> topics() {
        return topics;
    }

    /** @return the topic of unmapped types, if any */
    public Optional<String> defaultTopic() {
        return defaultTopic;
    }

    static String checked(String property, String topic) {
        ConfigValidation.matches(property, topic, LEGAL_TOPIC, LEGAL);
        ConfigValidation.require(!topic.equals(".") && !topic.equals(".."), property, "consist of " + LEGAL,
                "'" + topic + "'");
        return topic;
    }

    @Override
    public String toString() {
        return function != null ? "KafkaMapping[function]"
                : "KafkaMapping[topics=" + topics + ", defaultTopic=" + defaultTopic.orElse("none") + "]";
    }

    /**
     * Builds a {@link KafkaMapping}: explicit registration, duplicates rejected. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<String, String> topics = new LinkedHashMap<>();
        private String defaultTopic;

        private Builder() {
        }

        /**
         * Sends events of one type to a topic.
         *
         * @param eventType the stable event type name, e.g. {@code user.UserRegistered.v1}
         * @param topic     the topic
         * @return this builder
         * @throws IllegalArgumentException if the type is mapped already or the topic name is illegal
         */
        public Builder topic(String eventType, String topic) {
            ConfigValidation.notBlank("cqrs.kafka.mapping.event-type", eventType);
            checked("cqrs.kafka.mapping.topics[" + eventType + "]", topic);
            String before = topics.putIfAbsent(eventType, topic);
            ConfigValidation.require(before == null, "cqrs.kafka.mapping.topics[" + eventType + "]",
                    "be mapped once (it is mapped to '" + before + "' already)", "'" + topic + "'");
            return this;
        }

        /**
         * Sends events of every type without a topic of its own to this one.
         *
         * @param topic the topic
         * @return this builder
         */
        public Builder defaultTopic(String topic) {
            this.defaultTopic = checked("cqrs.kafka.mapping.default-topic", topic);
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         * @throws IllegalArgumentException if neither a topic nor a default topic was given
         */
        public KafkaMapping build() {
            ConfigValidation.require(!topics.isEmpty() || defaultTopic != null, "cqrs.kafka.mapping",
                    "name at least one topic or a default topic", "empty");
            return new KafkaMapping(topics, Optional.ofNullable(defaultTopic), null);
        }
    }
}
