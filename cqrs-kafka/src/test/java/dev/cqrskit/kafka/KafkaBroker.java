package dev.cqrskit.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives a test class a real in-process Kafka broker ({@link KafkaCluster}) and the few operations the tests need.
 * {@link #shared()} is one broker for the whole test JVM, kept in JUnit's root store and closed by it when the run
 * ends (deterministically, before the JVM exits, not from a shutdown hook); {@link #own()} is a broker of the test
 * class alone, closed after its last test, for tests that stop and restart it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBroker KAFKA = KafkaBroker.shared();
 * }</pre>
 */
final class KafkaBroker implements BeforeAllCallback {

    static final int PARTITIONS = KafkaCluster.PARTITIONS;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);

    private final boolean shared;
    private final int brokers;
    private volatile KafkaCluster cluster;

    private KafkaBroker(boolean shared, int brokers) {
        this.shared = shared;
        this.brokers = brokers;
    }

    /** @return the broker shared by every test class of this JVM */
    static KafkaBroker shared() {
        return new KafkaBroker(true, 1);
    }

    /**
     * Returns a cluster of one test class, which may stop and restart its brokers.
     *
     * @param brokers how many brokers; topics made by {@link #createTopic} live on the first one only
     * @return the extension
     */
    static KafkaBroker own(int brokers) {
        return new KafkaBroker(false, brokers);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Distinct keys: a class store also answers with what its parents (the root) hold under the same key.
        ExtensionContext owner = shared ? context.getRoot() : context;
        cluster = owner.getStore(NAMESPACE).getOrComputeIfAbsent(shared ? "shared" : "own",
                key -> KafkaCluster.start(brokers), KafkaCluster.class);
    }

    /** @return the running cluster */
    KafkaCluster cluster() {
        KafkaCluster current = cluster;
        if (current == null) {
            throw new IllegalStateException("No Kafka broker yet: register KafkaBroker on a static field with"
                    + " @RegisterExtension and use it from a test or a @BeforeEach method.");
        }
        return current;
    }

    String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    void createTopic(String topic) {
        createTopic(topic, Map.of());
    }

    void createTopic(String topic, Map<String, String> configs) {
        int first = cluster().brokerIds().get(0);
        Map<Integer, List<Integer>> replicas = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            replicas.put(p, List.of(first));
        }
        createTopic(new NewTopic(topic, replicas).configs(configs));
    }

    /** Creates a topic whose one partition has a replica on every broker, the first broker leading. */
    void createReplicatedTopic(String topic, Map<String, String> configs) {
        createTopic(new NewTopic(topic, Map.of(0, cluster().brokerIds())).configs(configs));
    }

    private void createTopic(NewTopic topic) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + topic.name(), e);
        }
    }

    /** Waits until the in-sync replicas of a topic's partition 0 are exactly these brokers. */
    void awaitInSyncReplicas(String topic, List<Integer> brokerIds) {
        try (Admin admin = admin()) {
            boolean reached = KafkaFixtures.eventually(Duration.ofSeconds(60), () -> {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                            .partitions().get(0).isr().stream().map(node -> node.id()).sorted().toList()
                            .equals(brokerIds);
                } catch (Exception e) {
                    return false;
                }
            });
            if (!reached) {
                throw new IllegalStateException("The in-sync replicas of " + topic + " did not become " + brokerIds);
            }
        }
    }

    /**
     * Denies, or stops denying, the clients (all {@code User:ANONYMOUS} on the plaintext listener) writes to a topic,
     * and waits until the broker applies it: a fault of the deployment, as a missing ACL is in production.
     */
    void denyWrites(String topic, boolean deny) {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.WRITE, AclPermissionType.DENY));
        try (Admin admin = admin()) {
            if (deny) {
                admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS);
            } else {
                admin.deleteAcls(List.of(binding.toFilter())).all().get(30, TimeUnit.SECONDS);
            }
            boolean applied = KafkaFixtures.eventually(Duration.ofSeconds(30), () -> {
                try {
                    return admin.describeAcls(binding.toFilter()).values().get(30, TimeUnit.SECONDS)
                            .contains(binding) == deny;
                } catch (Exception e) {
                    return false;
                }
            });
            if (!applied) {
                throw new IllegalStateException("The broker did not apply " + binding + " (deny=" + deny + ")");
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not change the ACLs of topic " + topic, e);
        }
    }

    /** Reads every record of a topic from the beginning until {@code expected} arrived or 30 s passed. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            List<TopicPartition> partitions = partitionsOf(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads every record of a topic written so far: up to the end offsets of its partitions at the call. */
    List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            List<TopicPartition> partitions = partitionsOf(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Sums the offsets a consumer group committed on a topic. */
    long committed(String groupId, String topic) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the offsets of group " + groupId, e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static List<TopicPartition> partitionsOf(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }
}
