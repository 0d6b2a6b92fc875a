package dev.cqrskit.benchmarks.kafka;

import dev.cqrskit.benchmarks.outbox.AppendCost;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.kafka.KafkaEventPublisher;
import dev.cqrskit.kafka.KafkaMapping;
import dev.cqrskit.kafka.KafkaPublisherConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka publisher alone against a real broker in this JVM: 1 KB payloads, batches of 500 as the relay claims
 * them, several callers as relay workers are. Compares the producer settings cqrs-kit ships ({@code linger.ms=1},
 * Kafka's 16 KB {@code batch.size}) with tuned batching, 3 rounds each, alternating; prints every round and the
 * median. Run by hand:
 *
 * <pre>{@code
 * ./mvnw -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.kafka.KafkaPublisherThroughput \
 *      [events per round] [keys] [callers] [partitions]
 * }</pre>
 */
public final class KafkaPublisherThroughput {

    private static final int BATCH = 500;
    private static final int ROUNDS = 3;

    /** The producer settings compared, by name. */
    private static final Map<String, Map<String, Object>> SETTINGS = Map.of(
            "shipped (linger 1 ms, batch 16 KB)", Map.of(),
            "tuned (linger 5 ms, batch 256 KB)", Map.of("linger.ms", 5, "batch.size", 262_144),
            "tuned + lz4", Map.of("linger.ms", 5, "batch.size", 262_144, "compression.type", "lz4"));

    private KafkaPublisherThroughput() {
    }

    /**
     * Runs the comparison and prints one line per round and one per setting.
     *
     * @param args events per round (default 200,000), keys (1,000), callers (2), partitions (6)
     * @throws Exception if the broker does not start or a caller fails
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        List<String> names = new ArrayList<>(SETTINGS.keySet());
        names.sort(null);
        try (InProcessKafka kafka = InProcessKafka.start()) {
            String topic = kafka.topic("publisher-throughput", partitions);
            System.out.printf("JVM %s, %d CPUs; %,d events of 1 KB per round over %,d keys, batches of %d, %d callers,"
                    + " %d partitions, 1 in-process broker%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), events, keys, BATCH, callers, partitions);
            Map<String, double[]> rates = new java.util.TreeMap<>();
            names.forEach(name -> rates.put(name, new double[ROUNDS]));
            for (int round = 0; round < ROUNDS; round++) {
                for (String name : names) {
                    KafkaPublisherConfig.Builder config = KafkaPublisherConfig.builder()
                            .bootstrapServers(kafka.bootstrapServers())
                            .mapping(KafkaMapping.builder().defaultTopic(topic).build());
                    SETTINGS.get(name).forEach(config::producerProperty);
                    try (KafkaEventPublisher publisher = new KafkaEventPublisher(config.build())) {
                        publish(publisher, 10_000, keys, callers); // warm-up of this producer
                        double rate = publish(publisher, events, keys, callers);
                        rates.get(name)[round] = rate;
                        System.out.printf("round %d, %s: %,.0f events/s%n", round + 1, name, rate);
                    }
                }
            }
            rates.forEach((name, values) -> System.out.printf("median, %s: %,.0f events/s (rounds: %s)%n", name,
                    AppendCost.median(values), Arrays.toString(Arrays.stream(values).mapToLong(Math::round)
                            .toArray())));
        }
    }

    /** Publishes {@code events} events in batches of {@link #BATCH} from {@code callers} threads; returns events/s. */
    private static double publish(KafkaEventPublisher publisher, int events, int keys, int callers)
            throws InterruptedException {
        String filler = "x".repeat(983); // about 1,024 bytes of JSON in all
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            threads.add(new Thread(() -> {
                long first;
                while ((first = next.getAndAdd(BATCH)) < events) {
                    List<SerializedEvent> batch = new ArrayList<>(BATCH);
                    for (long i = first; i < Math.min(events, first + BATCH); i++) {
                        String key = "cart-" + (i % keys);
                        String payload = "{\"key\":\"" + key + "\",\"seq\":" + i + ",\"data\":\"" + filler + "\"}";
                        batch.add(new SerializedEvent("bench.ItemAdded.v1", key, payload,
                                Metadata.root(UUID.randomUUID(), Instant.now())));
                    }
                    for (PublishOutcome outcome : publisher.publish(batch)) {
                        if (!(outcome instanceof PublishOutcome.Published)) {
                            failed.incrementAndGet();
                        }
                    }
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events were not published");
        }
        return events / seconds;
    }
}
