package dev.cqrskit.benchmarks.endtoend;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgeClients;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole publishing path: a pre-filled outbox on a real PostgreSQL drained by the relay through
 * {@code EventBridgePublisher} and the real AWS SDK client to the EventBridge emulator on loopback. Reports
 * events/s and PutEvents requests per event. Everything runs in this JVM on the machine's cores.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.endtoend.OutboxToEventBridgeThroughput \
 *      [events] [keys] [relay workers] [calls in flight]
 * }</pre>
 */
public final class OutboxToEventBridgeThroughput {

    /** The event: small, like a typical domain event. */
    public record ItemAdded(String key, int seq, String sku, int quantity) implements DomainEvent {
    }

    private OutboxToEventBridgeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : EventBridgePublisherConfig.defaults()
                .maxConcurrentRequests();
        Outbox outbox = outbox();
        MetadataFactory metadata = MetadataFactory.systemDefault();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").start();
             EventBridgeEmulator emulator = EventBridgeEmulator.builder().start();
             EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                     .region(emulator.region()).endpointOverride(emulator.endpoint())
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .build());
             EventBridgePublisher publisher = new EventBridgePublisher(client,
                     EventBridgePublisherConfig.builder().maxConcurrentRequests(inFlight).build())) {
            Jdbi jdbi = Jdbi.create(postgres.getJdbcUrl("postgres", "postgres"));
            CqrsSchema.install(jdbi);
            System.out.printf("JVM %s, %d CPUs; %,d events over %,d keys; relay: %d workers, batch 500; %d calls in"
                    + " flight; PostgreSQL %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), events,
                    keys, workers, inFlight,
                    jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one()));
            for (int round = 1; round <= 3; round++) {
                fill(jdbi, outbox, metadata, events, keys);
                long requestsBefore = emulator.putEventsRequests();
                int eventsBefore = emulator.events().size();
                double seconds = relayAll(jdbi, publisher, workers);
                long requests = emulator.putEventsRequests() - requestsBefore;
                int published = emulator.events().size() - eventsBefore;
                System.out.printf("round %d: %,d events relayed to EventBridge in %.2f s: %,.0f events/s,"
                        + " %.3f PutEvents requests per event%n", round, published, seconds, published / seconds,
                        requests / (double) published);
                emulator.clearEvents();
            }
        }
    }

    /** @return an outbox writer of {@link ItemAdded} as {@code bench.ItemAdded.v1} */
    public static Outbox outbox() {
        return new Outbox(new EventCodec(EventTypes.builder().add(ItemAdded.class, "bench.ItemAdded.v1").build(),
                EventSerializer.jackson()));
    }

    /**
     * Starts a relay (batches of 500) on a filled outbox and returns the seconds until nothing is pending.
     *
     * @param jdbi      the database
     * @param publisher the publisher the relay drives
     * @param workers   the relay's workers
     * @return seconds from start to an empty outbox
     * @throws InterruptedException if interrupted while waiting
     */
    public static double relayAll(Jdbi jdbi, EventPublisher publisher, int workers) throws InterruptedException {
        long start = System.nanoTime();
        try (OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .batchSize(500).concurrency(workers).build()).start()) {
            OutboxOperations operations = new OutboxOperations(jdbi);
            while (operations.counts().pending() > 0) {
                Thread.sleep(5);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Appends {@code events} events over {@code keys} keys, 1,000 per transaction.
     *
     * @param jdbi     the database
     * @param outbox   the outbox writer
     * @param metadata the metadata of each event
     * @param events   how many
     * @param keys     over how many keys
     */
    public static void fill(Jdbi jdbi, Outbox outbox, MetadataFactory metadata, int events, int keys) {
        int perTransaction = 1_000;
        for (int first = 0; first < events; first += perTransaction) {
            int from = first;
            jdbi.useTransaction(handle -> {
                for (int i = from; i < Math.min(events, from + perTransaction); i++) {
                    String key = "cart-" + (i % keys);
                    List<EventMessage<ItemAdded>> one = new ArrayList<>(1);
                    one.add(new EventMessage<>(new ItemAdded(key, i / keys, "sku-" + (i % 97), 1 + i % 5),
                            metadata.root()));
                    outbox.append(handle, key, one);
                }
            });
        }
    }
}
