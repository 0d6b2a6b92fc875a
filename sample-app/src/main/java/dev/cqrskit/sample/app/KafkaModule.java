package dev.cqrskit.sample.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cqrskit.kafka.KafkaConsumerConfig;
import dev.cqrskit.kafka.KafkaEventPublisher;
import dev.cqrskit.kafka.KafkaInboxConsumer;
import dev.cqrskit.kafka.KafkaMapping;
import dev.cqrskit.kafka.KafkaPublisherConfig;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code BROKER=kafka} wiring: the outbox relay publishes through a {@link KafkaEventPublisher}, one topic per
 * event type a consumer reads (as the EventBridge mode has one rule per type), and each consumer is a
 * {@link KafkaInboxConsumer} in its own consumer group named after it, over the same {@link InboxConsumer} as in the
 * EventBridge mode. The cluster is {@code KAFKA_BOOTSTRAP_SERVERS}, or an {@link InProcessKafka} started here; the
 * topics are created at start when missing. Everything is registered with the app's {@link Closer}. Nothing here is
 * built in the EventBridge mode.
 */
final class KafkaModule extends AbstractModule {

    /** The topic of each event type a consumer reads. */
    static final String USER_REGISTERED_TOPIC = "sample.user-registered";
    static final String VERIFICATION_CODE_REQUESTED_TOPIC = "sample.verification-code-requested";
    static final String EMAIL_VERIFIED_TOPIC = "sample.email-verified";
    /** Every other event: published as in the EventBridge mode, read by no consumer of the app. */
    static final String OTHER_EVENTS_TOPIC = "sample.other-events";
    static final List<String> TOPICS = List.of(USER_REGISTERED_TOPIC, VERIFICATION_CODE_REQUESTED_TOPIC,
            EMAIL_VERIFIED_TOPIC, OTHER_EVENTS_TOPIC);

    private final Config config;
    private final Closer closer;

    KafkaModule(Config config, Closer closer) {
        this.config = config;
        this.closer = closer;
    }

    /** The cluster the app talks to, its topics created. */
    record KafkaCluster(String bootstrapServers, boolean inProcess) {
        String description() {
            return (inProcess ? "in-process Kafka broker at " : "Kafka cluster at ") + bootstrapServers;
        }
    }

    @Provides @Singleton
    KafkaCluster kafkaCluster() {
        if (config.broker() != Config.Broker.KAFKA) {
            throw new ConfigException("Kafka is not used with BROKER=" + config.broker().name().toLowerCase());
        }
        KafkaCluster cluster = config.kafkaBootstrapServers()
                .map(servers -> new KafkaCluster(servers, false))
                .orElseGet(() -> new KafkaCluster(closer.register(InProcessKafka.start()).bootstrapServers(), true));
        createTopics(cluster.bootstrapServers());
        return cluster;
    }

    /** Creates the app's topics that do not exist yet, with the cluster's default partitions and replication. */
    private static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = TOPICS.stream().map(name -> new NewTopic(name, Optional.empty(), Optional.empty()))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            for (var created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ConfigException("Could not create the Kafka topic " + created.getKey() + " at "
                                + bootstrapServers + " (" + e.getCause() + "); create it, or check"
                                + " KAFKA_BOOTSTRAP_SERVERS and the app's ACLs");
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new ConfigException("Kafka at " + bootstrapServers + " did not answer within 30 seconds; check"
                    + " KAFKA_BOOTSTRAP_SERVERS");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while creating the Kafka topics at " + bootstrapServers);
        }
    }

    @Provides @Singleton
    KafkaEventPublisher kafkaPublisher(KafkaCluster cluster) {
        return closer.register(new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .clientId("cqrs-kit-sample")
                .mapping(KafkaMapping.builder()
                        .topic(SampleEvents.USER_REGISTERED, USER_REGISTERED_TOPIC)
                        .topic(SampleEvents.VERIFICATION_CODE_REQUESTED, VERIFICATION_CODE_REQUESTED_TOPIC)
                        .topic(SampleEvents.EMAIL_VERIFIED, EMAIL_VERIFIED_TOPIC)
                        .defaultTopic(OTHER_EVENTS_TOPIC)
                        .build())
                .build()));
    }

    @Provides @Singleton
    KafkaConsumers kafkaConsumers(KafkaCluster cluster, SampleModule.InboxConsumers consumers) {
        return new KafkaConsumers(List.of(
                consumer(cluster, USER_REGISTERED_TOPIC, consumers.automation()),
                consumer(cluster, VERIFICATION_CODE_REQUESTED_TOPIC, consumers.mailer()),
                consumer(cluster, EMAIL_VERIFIED_TOPIC, consumers.welcome())));
    }

    private KafkaInboxConsumer consumer(KafkaCluster cluster, String topic, InboxConsumer inbox) {
        return closer.register(new KafkaInboxConsumer(KafkaConsumerConfig.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .groupId(inbox.name())
                .topics(topic)
                .build(), inbox));
    }

    /** The app's Kafka consumers; {@code serve} starts them, the Closer stops them. */
    record KafkaConsumers(List<KafkaInboxConsumer> consumers) {
        void start() {
            consumers.forEach(KafkaInboxConsumer::start);
        }
    }
}
