package dev.cqrskit.kafka;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.core.support.ConfigValidation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configures a {@link KafkaInboxConsumer}: the cluster, the consumer group, the topics and the bounds of each wait.
 * Validated at construction; messages name the {@code cqrs.kafka.consumer.*} property.
 *
 * <pre>{@code
 * KafkaConsumerConfig config = KafkaConsumerConfig.builder()
 *         .bootstrapServers("localhost:9092")
 *         .groupId("notification.verification-mail")
 *         .topics("users")
 *         .build();
 * }</pre>
 *
 * <p>Offsets are always committed by the consumer itself, after the inbox transaction ({@code enable.auto.commit}
 * may not be set); a group without committed offsets starts at the earliest record.
 *
 * @param bootstrapServers   the cluster's {@code bootstrap.servers} ({@code cqrs.kafka.consumer.bootstrap-servers})
 * @param groupId            the consumer group ({@code cqrs.kafka.consumer.group-id})
 * @param topics             the topics to subscribe to, at least one ({@code cqrs.kafka.consumer.topics})
 * @param pollTimeout        the longest a poll waits for records (10 ms .. 1 min, default 500 ms)
 * @param maxPollRecords     records per poll (1 .. 10000, default 200)
 * @param commitTimeout      the longest an offset commit waits (100 ms .. 1 min, default 10 s)
 * @param closeTimeout       the longest {@code close()} waits for the poll loop (100 ms .. 5 min, default 30 s)
 * @param backoff            the pauses after a failed poll or a database outage
 * @param consumerProperties further consumer settings (TLS, SASL, {@code max.poll.interval.ms}), never null
 * @since 0.1.0
 */
public record KafkaConsumerConfig(String bootstrapServers, String groupId, List<String> topics, Duration pollTimeout,
                                  int maxPollRecords, Duration commitTimeout, Duration closeTimeout, Backoff backoff,
                                  Map<String, Object> consumerProperties) {

    private static final Set<String> OWNED = Set.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG);

    /** Validates every part. */
    public KafkaConsumerConfig {
        ConfigValidation.notBlank("cqrs.kafka.consumer.bootstrap-servers", bootstrapServers);
        ConfigValidation.notBlank("cqrs.kafka.consumer.group-id", groupId);
        topics = List.copyOf(ConfigValidation.notNull("cqrs.kafka.consumer.topics", topics));
        ConfigValidation.require(!topics.isEmpty(), "cqrs.kafka.consumer.topics", "name at least one topic", topics);
        topics.forEach(topic -> KafkaMapping.checked("cqrs.kafka.consumer.topics", topic));
        ConfigValidation.between("cqrs.kafka.consumer.poll-timeout", pollTimeout, Duration.ofMillis(10),
                Duration.ofMinutes(1));
        ConfigValidation.between("cqrs.kafka.consumer.max-poll-records", maxPollRecords, 1, 10_000);
        ConfigValidation.between("cqrs.kafka.consumer.commit-timeout", commitTimeout, Duration.ofMillis(100),
                Duration.ofMinutes(1));
        ConfigValidation.between("cqrs.kafka.consumer.close-timeout", closeTimeout, Duration.ofMillis(100),
                Duration.ofMinutes(5));
        ConfigValidation.notNull("cqrs.kafka.consumer.backoff", backoff);
        consumerProperties = Map.copyOf(ConfigValidation.notNull("cqrs.kafka.consumer.properties", consumerProperties));
        for (String name : consumerProperties.keySet()) {
            ConfigValidation.require(!OWNED.contains(name), "cqrs.kafka.consumer.properties." + name,
                    "not be set (cqrs-kit sets it" + (name.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
                            ? ": offsets are committed after the inbox transaction)" : ")"),
                    consumerProperties.get(name));
        }
    }

    /** @return a builder; {@code bootstrapServers}, {@code groupId} and {@code topics} have no default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the complete configuration the consumer's {@code KafkaConsumer} is created with */
    Map<String, Object> kafkaConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(consumerProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /**
     * Builds a {@link KafkaConsumerConfig}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String bootstrapServers;
        private String groupId;
        private List<String> topics = List.of();
        private Duration pollTimeout = Duration.ofMillis(500);
        private int maxPollRecords = 200;
        private Duration commitTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private final Map<String, Object> consumerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param bootstrapServers the cluster's {@code bootstrap.servers} @return this builder */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** @param groupId the consumer group @return this builder */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** @param topics the topics to subscribe to @return this builder */
        public Builder topics(String... topics) {
            this.topics = List.of(ConfigValidation.notNull("cqrs.kafka.consumer.topics", topics));
            return this;
        }

        /** @param pollTimeout the longest a poll waits @return this builder */
        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** @param maxPollRecords records per poll @return this builder */
        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        /** @param commitTimeout the longest an offset commit waits @return this builder */
        public Builder commitTimeout(Duration commitTimeout) {
            this.commitTimeout = commitTimeout;
            return this;
        }

        /** @param closeTimeout the longest {@code close()} waits @return this builder */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** @param initialBackoff the first pause after a failure @return this builder */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** @param maxBackoff the longest pause after failures @return this builder */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Adds a consumer setting.
         *
         * @param name  the Kafka property name
         * @param value its value
         * @return this builder
         */
        public Builder consumerProperty(String name, Object value) {
            consumerProperties.put(ConfigValidation.notBlank("cqrs.kafka.consumer.properties", name),
                    ConfigValidation.notNull("cqrs.kafka.consumer.properties." + name, value));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public KafkaConsumerConfig build() {
            return new KafkaConsumerConfig(bootstrapServers, groupId, topics, pollTimeout, maxPollRecords,
                    commitTimeout, closeTimeout,
                    Backoff.named("cqrs.kafka.consumer.", initialBackoff, maxBackoff, 2.0, 0.5),
                    consumerProperties);
        }
    }
}
