package dev.cqrskit.benchmarks.kafka;

import java.util.Map;
import java.util.TreeMap;
import dev.cqrskit.benchmarks.endtoend.OutboxToEventBridgeThroughput;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgeClients;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.kafka.KafkaEventPublisher;
import dev.cqrskit.kafka.KafkaMapping;
import dev.cqrskit.kafka.KafkaPublisherConfig;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.schema.CqrsSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The whole publishing path to both brokers in one run, side by side: a pre-filled outbox on a real PostgreSQL
 * drained by the relay through {@code KafkaEventPublisher} to a broker in this JVM, then the same through
 * {@code EventBridgePublisher} and the AWS SDK to the EventBridge emulator on loopback; 3 rounds, alternating.
 * The events are the small {@code ItemAdded} of {@link OutboxToEventBridgeThroughput}.
 *
 * <pre>{@code
 * ./mvnw -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.kafka.OutboxToKafkaThroughput \
 *      [events] [keys] [relay workers] [partitions]
 * }</pre>
 */
public final class OutboxToKafkaThroughput {

    private OutboxToKafkaThroughput() {
    }

    /**
     * Runs the rounds and prints one line per round and broker.
     *
     * @param args events per round (default 50,000), keys (1,000), relay workers (2), partitions (6)
     * @throws Exception if a server does not start
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        Outbox outbox = OutboxToEventBridgeThroughput.outbox();
        MetadataFactory metadata = MetadataFactory.systemDefault();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").start();
             InProcessKafka kafka = InProcessKafka.start();
             EventBridgeEmulator emulator = EventBridgeEmulator.builder().start();
             EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                     .region(emulator.region()).endpointOverride(emulator.endpoint())
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .build());
             EventBridgePublisher toEventBridge = new EventBridgePublisher(client,
                     EventBridgePublisherConfig.defaults());
             KafkaEventPublisher toKafka = new KafkaEventPublisher(producerOverrides(KafkaPublisherConfig.builder()
                     .bootstrapServers(kafka.bootstrapServers())
                     .mapping(KafkaMapping.builder().defaultTopic(kafka.topic("outbox-throughput", partitions))
                             .build())).build())) {
            Jdbi jdbi = Jdbi.create(postgres.getJdbcUrl("postgres", "postgres"));
            CqrsSchema.install(jdbi);
            System.out.printf("JVM %s, %d CPUs; %,d events over %,d keys per round; relay: %d workers, batch 500;"
                            + " Kafka: %d partitions, producer settings: shipped%s; EventBridge: defaults;"
                            + " PostgreSQL %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    events, keys, workers, partitions, OVERRIDES.isEmpty() ? "" : " + " + OVERRIDES,
                    jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one()));
            OutboxOperations operations = new OutboxOperations(jdbi);
            for (int round = 1; round <= 3; round++) {
                OutboxToEventBridgeThroughput.fill(jdbi, outbox, metadata, events, keys);
                double kafkaSeconds = OutboxToEventBridgeThroughput.relayAll(jdbi, toKafka, workers);
                long parked = operations.counts().parked();
                System.out.printf("round %d, outbox -> Kafka: %,d events in %.2f s: %,.0f events/s (%d parked)%n",
                        round, events, kafkaSeconds, events / kafkaSeconds, parked);

                OutboxToEventBridgeThroughput.fill(jdbi, outbox, metadata, events, keys);
                int before = emulator.events().size();
                double eventBridgeSeconds = OutboxToEventBridgeThroughput.relayAll(jdbi, toEventBridge, workers);
                int published = emulator.events().size() - before;
                System.out.printf("round %d, outbox -> EventBridge: %,d events in %.2f s: %,.0f events/s%n",
                        round, published, eventBridgeSeconds, published / eventBridgeSeconds);
                emulator.clearEvents();
            }
        }
    }

    private static final String OVERRIDE_PREFIX = "kafka.producer.";
    /** Producer settings given as {@code -Dkafka.producer.<setting>=<value>}, e.g. {@code -Dkafka.producer.batch.size=65536}. */
    private static final Map<String, String> OVERRIDES = new TreeMap<>();

    static {
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(OVERRIDE_PREFIX))
                .forEach(name -> OVERRIDES.put(name.substring(OVERRIDE_PREFIX.length()), System.getProperty(name)));
    }

    private static KafkaPublisherConfig.Builder producerOverrides(KafkaPublisherConfig.Builder builder) {
        OVERRIDES.forEach(builder::producerProperty);
        return builder;
    }
}
