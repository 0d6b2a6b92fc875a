package dev.cqrskit.eventbridge;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Validated when built, messages naming the property:
 * {@code cqrs.eventbridge.publisher.max-entries-per-request must be between 1 and 10, but was 11}. The event types
 * mapped without their own detail type must have names of at most 128 characters, EventBridge's limit.
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param defaultMapping        the mapping of event types without their own
 * @param mappings              mappings by stable event type name
 * @param maxEntriesPerRequest  entries per PutEvents call, 1 to 10 (AWS's maximum, the default)
 * @param maxRequestBytes       the size limit of a call by AWS's entry-size formula, which a call's total stays
 *                              below (AWS: "must be less than"); default 262,144 (256 KB),
 *                              {@link Builder#largeRequestSizeLimit()} for the 1 MiB of regions that have it. A single
 *                              entry not below this is a permanent failure
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
    /** The larger PutEvents size limit some regions have, 1 MiB; {@link Builder#largeRequestSizeLimit()} sets it. */
    public static final int LARGE_MAX_REQUEST_BYTES = MAX_REQUEST_BYTES_CEILING;

    /** Validates every part; messages name the property. */
    public EventBridgePublisherConfig {
        Settings.notNull("publisher.default-mapping", defaultMapping);
        Settings.notNull("publisher.mappings", mappings);
        mappings.forEach((type, mapping) -> {
            Settings.notNull("publisher.mappings (event type)", type);
            Settings.notNull("publisher.mappings[" + type + "]", mapping);
            if (mapping.detailType().isEmpty()) {
                EventMapping.checkedTypeName("publisher.mappings[" + type + "].detail-type", type);
            }
        });
        mappings = Map.copyOf(mappings);
        Settings.between("publisher.max-entries-per-request", maxEntriesPerRequest, 1, AWS_MAX_ENTRIES);
        Settings.between("publisher.max-request-bytes", maxRequestBytes, 1, MAX_REQUEST_BYTES_CEILING);
        Settings.between("publisher.max-concurrent-requests", maxConcurrentRequests, 1, 64);
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

    /**
     * Checks that the client this publisher will use has a connection for every call in flight: with fewer
     * connections, calls beyond the pool wait for one and run into their timeouts.
     *
     * @param client the configuration of the publisher's client
     * @throws IllegalArgumentException naming both properties if {@code maxConcurrentRequests} exceeds the client's
     *                                  {@code maxConnections}
     */
    public void requireConnectionsFor(EventBridgeClientConfig client) {
        Settings.notNull("client", client);
        Settings.require(maxConcurrentRequests <= client.maxConnections(), "publisher.max-concurrent-requests",
                "at most cqrs.eventbridge.client.max-connections (" + client.maxConnections() + "): each call in"
                        + " flight needs a connection; raise max-connections or lower max-concurrent-requests",
                maxConcurrentRequests);
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
            Settings.notNull("publisher.mappings (event type)", type);
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

        /**
         * Uses the 1 MiB size limit of the regions that have it instead of 256 KB; the emulator's option of the
         * same name matches it.
         *
         * @return this builder
         */
        public Builder largeRequestSizeLimit() {
            return maxRequestBytes(LARGE_MAX_REQUEST_BYTES);
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
