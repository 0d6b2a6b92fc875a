package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.test.contract.EventPublisherContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link KafkaEventPublisher} keeps the promises of every {@link EventPublisher}, against a real in-process cluster
 * of its own (3 partitions per topic, a fresh topic per test, on the first broker). What the broker received is read
 * back from the topic with {@link KafkaEnvelope}. The faults are the broker's own answers:
 * <ul>
 *   <li>retryable: the one event goes to a topic replicated on both brokers with {@code min.insync.replicas=2}
 *       whose second broker is stopped, so the leader refuses it with {@code NOT_ENOUGH_REPLICAS}, a retriable error,
 *       until the producer's delivery timeout;</li>
 *   <li>systemic: an ACL denies the clients' principal WRITE on the topic ({@code TOPIC_AUTHORIZATION_FAILED}), as a
 *       missing grant does in a real deployment; removing it is the fix.</li>
 * </ul>
 */
class KafkaEventPublisherContractIT extends EventPublisherContract {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.own(2);

    private static final String REFUSING = "contract-not-enough-replicas";

    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    private String topic;
    private KafkaEventPublisher publisher;

    @BeforeAll
    static void stopTheSecondReplicaOfTheRefusingTopic() {
        KAFKA.createReplicatedTopic(REFUSING, Map.of("min.insync.replicas", "2"));
        List<Integer> brokers = KAFKA.cluster().brokerIds();
        KAFKA.cluster().stopBroker(brokers.get(1));
        KAFKA.awaitInSyncReplicas(REFUSING, List.of(brokers.get(0)));
    }

    @BeforeEach
    void start() {
        topic = "contract-" + UUID.randomUUID();
        KAFKA.createTopic(topic);
        publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .mapping(KafkaMapping.of(event -> refused.remove(event.messageId()) ? REFUSING : topic))
                .deliveryTimeout(Duration.ofSeconds(2))
                .maxBlock(Duration.ofSeconds(2))
                .publishTimeout(Duration.ofSeconds(10))
                .build());
    }

    @AfterEach
    void stop() {
        publisher.close();
    }

    @Override
    protected EventPublisher publisher() {
        return publisher;
    }

    @Override
    protected List<UUID> received() {
        return KAFKA.readToEnd(topic).stream().map(record -> KafkaEnvelope.read(record).messageId()).toList();
    }

    @Override
    protected void failRetryably(UUID messageId) {
        refused.add(messageId);
    }

    @Override
    protected void failSystemically(boolean on) {
        KAFKA.denyWrites(topic, on);
    }
}
