package dev.cqrskit.eventbridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configures an {@link EventBridgePublisher}: the mapping of each event type, and how entries are batched into
 * PutEvents calls.
 *
 * <pre>{@code
 * EventBridgePublisherConfig config = EventBridgePublisherConfig.builder()
 *         .defaultMapping(EventMapping.builder().source("com.example.users").eventBusName("domain-events").build())
 *         .mapping("user.PasswordChanged.v1", EventMapping.builder().source("com.example.security").build())
 *         .maxConcurrentRequests(4)
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param defaultMapping        the mapping of event types without their own
 * @param mappings              mappings by stable event type name
 * @param maxEntriesPerRequest  entries per PutEvents call, 1 to 10 (AWS's maximum, the default)
 * @param maxRequestBytes       the size of a call by AWS's entry-size formula; default 262,144 (256 KB). A single
 *                              entry larger than this is a permanent failure
 * @param maxConcurrentRequests PutEvents calls in flight at once across all callers of one publisher, 1 to 64;
 *                              default 4
 * @since 0.1.0
 */
public record EventBridgePublisherConfig(EventMapping defaultMapping, Map<String, EventMapping> mappings,
                                         int maxEntriesPerRequest, int maxRequestBytes, int maxConcurrentRequests) {

    /** AWS's limit on entries per PutEvents call. */
    public static final int AWS_MAX_ENTRIES = 10;
    /** AWS's classic PutEvents size limit, 256 KB by the entry-size formula; the default. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
    /** The largest limit accepted: 1 MiB, the most any EventBridge region allows. */
    public static final int MAX_REQUEST_BYTES_CEILING = 1024 * 1024;

    /** Validates every part; messages name the property. */
    public EventBridgePublisherConfig {
        Objects.requireNonNull(defaultMapping, "eventBridgePublisher.defaultMapping must not be null");
        Objects.requireNonNull(mappings, "eventBridgePublisher.mappings must not be null");
        mappings.forEach((type, mapping) -> {
            Objects.requireNonNull(type, "eventBridgePublisher.mappings must not have a null event type");
            Objects.requireNonNull(mapping, () -> "eventBridgePublisher.mappings[" + type + "] must not be null");
        });
        mappings = Map.copyOf(mappings);
        range("eventBridgePublisher.maxEntriesPerRequest", maxEntriesPerRequest, 1, AWS_MAX_ENTRIES);
        range("eventBridgePublisher.maxRequestBytes", maxRequestBytes, 1, MAX_REQUEST_BYTES_CEILING);
        range("eventBridgePublisher.maxConcurrentRequests", maxConcurrentRequests, 1, 64);
    }

    /** @return the default mapping, no per-type mappings, 10 entries and 256 KB per call, 4 calls in flight */
    public static EventBridgePublisherConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the mapping for an event type.
     *
     * @param type the stable event type name
     * @return its own mapping, or the default one
     */
    public EventMapping mappingFor(String type) {
        return mappings.getOrDefault(type, defaultMapping);
    }

    private static void range(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be from " + min + " to " + max + " but was " + value);
        }
    }

    /**
     * Builds an {@link EventBridgePublisherConfig}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private EventMapping defaultMapping = EventMapping.defaults();
        private final Map<String, EventMapping> mappings = new LinkedHashMap<>();
        private int maxEntriesPerRequest = AWS_MAX_ENTRIES;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxConcurrentRequests = 4;

        private Builder() {
        }

        /** @param mapping the mapping of event types without their own @return this builder */
        public Builder defaultMapping(EventMapping mapping) {
            this.defaultMapping = mapping;
            return this;
        }

        /**
         * Sets the mapping of one event type.
         *
         * @param type    the stable event type name
         * @param mapping its mapping
         * @return this builder
         * @throws IllegalArgumentException if the type already has a mapping
         */
        public Builder mapping(String type, EventMapping mapping) {
            Objects.requireNonNull(type, "type must not be null");
            if (mappings.containsKey(type)) {
                throw new IllegalArgumentException("Event type '" + type + "' already has a mapping. Mapped types: "
                        + mappings.keySet() + ". Map each type once.");
            }
            mappings.put(type, mapping);
            return this;
        }

        /** @param maxEntriesPerRequest entries per call, 1 to 10 @return this builder */
        public Builder maxEntriesPerRequest(int maxEntriesPerRequest) {
            this.maxEntriesPerRequest = maxEntriesPerRequest;
            return this;
        }

        /** @param maxRequestBytes the size limit of a call by AWS's formula @return this builder */
        public Builder maxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** @param maxConcurrentRequests calls in flight at once, 1 to 64 @return this builder */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public EventBridgePublisherConfig build() {
            return new EventBridgePublisherConfig(defaultMapping, mappings, maxEntriesPerRequest, maxRequestBytes,
                    maxConcurrentRequests);
        }
    }
}
