package dev.cqrskit.kafka;

import dev.cqrskit.core.support.ConfigValidation;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Configures a {@link KafkaEventPublisher}: where the cluster is, which topic each event goes to, and how long a
 * publish may wait. Validated at construction; messages name the {@code cqrs.kafka.*} property.
 *
 * <pre>{@code
 * KafkaPublisherConfig config = KafkaPublisherConfig.builder()
 *         .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *         .mapping(KafkaMapping.builder().topic("user.UserRegistered.v1", "users").defaultTopic("events").build())
 *         .producerProperty("security.protocol", "SSL")
 *         .build();
 * }</pre>
 *
 * <p>The producer is always idempotent with {@code acks=all} and at most 5 requests in flight per connection, so
 * Kafka keeps each partition's order through its own retries; {@link #producerProperties()} may add settings (TLS,
 * SASL, compression) but not weaken these. The publisher owns the serializers.
 *
 * @param bootstrapServers   the cluster's {@code bootstrap.servers} ({@code cqrs.kafka.bootstrap-servers})
 * @param mapping            the topic of each event ({@code cqrs.kafka.mapping})
 * @param clientId           the producer's {@code client.id} ({@code cqrs.kafka.client-id})
 * @param deliveryTimeout    {@code delivery.timeout.ms}: how long Kafka retries a record before failing it
 *                           ({@code cqrs.kafka.delivery-timeout}, 1 s .. 10 min, default 20 s)
 * @param maxBlock           {@code max.block.ms}: how long a send may wait for metadata or buffer space
 *                           ({@code cqrs.kafka.max-block}, 100 ms .. 1 min, default 5 s)
 * @param publishTimeout     the deadline of one {@code publish} call; records not acknowledged by then are
 *                           retryable ({@code cqrs.kafka.publish-timeout}, more than delivery-timeout, at most 15 min,
 *                           default 25 s: below the relay's default publish deadline of 30 s, so the publisher's
 *                           own verdict, systemic for an outage, reaches the relay before the relay gives up)
 * @param producerProperties further producer settings, never null
 * @since 0.1.0
 */
public record KafkaPublisherConfig(String bootstrapServers, KafkaMapping mapping, String clientId,
                                   Duration deliveryTimeout, Duration maxBlock, Duration publishTimeout,
                                   Map<String, Object> producerProperties) {

    private static final Set<String> OWNED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /** Validates every part. */
    public KafkaPublisherConfig {
        ConfigValidation.notBlank("cqrs.kafka.bootstrap-servers", bootstrapServers);
        ConfigValidation.notNull("cqrs.kafka.mapping", mapping);
        ConfigValidation.notBlank("cqrs.kafka.client-id", clientId);
        ConfigValidation.between("cqrs.kafka.delivery-timeout", deliveryTimeout, Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        ConfigValidation.between("cqrs.kafka.max-block", maxBlock, Duration.ofMillis(100), Duration.ofMinutes(1));
        ConfigValidation.between("cqrs.kafka.publish-timeout", publishTimeout, Duration.ofSeconds(1),
                Duration.ofMinutes(15));
        ConfigValidation.require(publishTimeout.compareTo(deliveryTimeout) > 0, "cqrs.kafka.publish-timeout",
                "be longer than cqrs.kafka.delivery-timeout (" + deliveryTimeout + ")", publishTimeout);
        producerProperties = Map.copyOf(ConfigValidation.notNull("cqrs.kafka.producer", producerProperties));
        for (String name : producerProperties.keySet()) {
            ConfigValidation.require(!OWNED.contains(name), "cqrs.kafka.producer." + name,
                    "not be set (cqrs-kit sets it; use the matching cqrs.kafka property)", producerProperties.get(name));
        }
        Object idempotence = producerProperties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        ConfigValidation.require(idempotence == null || "true".equals(String.valueOf(idempotence)),
                "cqrs.kafka.producer.enable.idempotence", "be true (per-key order through retries needs it)",
                idempotence);
        Object acks = producerProperties.get(ProducerConfig.ACKS_CONFIG);
        ConfigValidation.require(acks == null || "all".equals(String.valueOf(acks)) || "-1".equals(String.valueOf(acks)),
                "cqrs.kafka.producer.acks", "be all (an event acknowledged by one replica may be lost)", acks);
        Object inFlight = producerProperties.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null) {
            ConfigValidation.between("cqrs.kafka.producer.max.in.flight.requests.per.connection",
                    whole("cqrs.kafka.producer.max.in.flight.requests.per.connection", inFlight, "between 1 and 5"),
                    1, 5);
        }
        // Kafka refuses a producer whose delivery timeout is shorter than linger.ms + request.timeout.ms.
        long linger = lingerMillis(producerProperties);
        ConfigValidation.require(linger >= 0 && linger < deliveryTimeout.toMillis(), "cqrs.kafka.producer.linger.ms",
                "be at least 0 and shorter than cqrs.kafka.delivery-timeout (" + deliveryTimeout + ")", linger);
    }

    private static long lingerMillis(Map<String, Object> producerProperties) {
        Object linger = producerProperties.get(ProducerConfig.LINGER_MS_CONFIG);
        return linger == null ? 1 : whole("cqrs.kafka.producer.linger.ms", linger, "a whole number of milliseconds");
    }

    private static long whole(String property, Object value, String rule) {
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be " + rule + ", but was " + value, e);
        }
    }

    /** @return a builder; {@code bootstrapServers} and {@code mapping} have no default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the complete producer configuration this publisher creates its producers with */
    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A record may linger, then its request must be able to time out (and be retried by the producer), all
        // within the delivery timeout.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(30_000, deliveryTimeout.toMillis() - lingerMillis(producerProperties)));
        config.putAll(producerProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * Builds a {@link KafkaPublisherConfig}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String bootstrapServers;
        private KafkaMapping mapping;
        private String clientId = "cqrs-kit-relay";
        private Duration deliveryTimeout = Duration.ofSeconds(20);
        private Duration maxBlock = Duration.ofSeconds(5);
        private Duration publishTimeout = Duration.ofSeconds(25);
        private final Map<String, Object> producerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param bootstrapServers the cluster's {@code bootstrap.servers} @return this builder */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** @param mapping the topic of each event @return this builder */
        public Builder mapping(KafkaMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** @param clientId the producer's {@code client.id} @return this builder */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** @param deliveryTimeout {@code delivery.timeout.ms} @return this builder */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /** @param maxBlock {@code max.block.ms} @return this builder */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** @param publishTimeout the deadline of one publish call @return this builder */
        public Builder publishTimeout(Duration publishTimeout) {
            this.publishTimeout = publishTimeout;
            return this;
        }

        /**
         * Adds a producer setting (TLS, SASL, compression, batching).
         *
         * @param name  the Kafka property name
         * @param value its value
         * @return this builder
         */
        public Builder producerProperty(String name, Object value) {
            producerProperties.put(ConfigValidation.notBlank("cqrs.kafka.producer", name),
                    ConfigValidation.notNull("cqrs.kafka.producer." + name, value));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException if a value is out of range or weakens the producer's guarantees
         */
        public KafkaPublisherConfig build() {
            return new KafkaPublisherConfig(bootstrapServers, mapping, clientId, deliveryTimeout, maxBlock,
                    publishTimeout, producerProperties);
        }
    }
}
