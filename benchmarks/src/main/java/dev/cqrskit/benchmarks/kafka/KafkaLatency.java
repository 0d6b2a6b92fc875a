package dev.cqrskit.benchmarks.kafka;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.benchmarks.endtoend.OutboxToEventBridgeThroughput;
import dev.cqrskit.benchmarks.endtoend.OutboxToEventBridgeThroughput.ItemAdded;
import dev.cqrskit.benchmarks.outbox.OutboxThroughput;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.kafka.KafkaConsumerConfig;
import dev.cqrskit.kafka.KafkaEventPublisher;
import dev.cqrskit.kafka.KafkaInboxConsumer;
import dev.cqrskit.kafka.KafkaMapping;
import dev.cqrskit.kafka.KafkaPublisherConfig;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Commit -> consumer handler latency through Kafka at a steady rate: producer threads append one event per
 * transaction on a fixed schedule; the relay (LISTEN/NOTIFY) publishes through {@code KafkaEventPublisher} to a
 * broker in this JVM; a {@code KafkaInboxConsumer} hands each record to an {@code InboxConsumer}, whose handler takes
 * the time. The latency of an event is from just after its transaction committed to its handler call (inbox insert
 * included, commit of the inbox transaction not). The schedule starts once a probe event went all the way (the
 * consumer has joined its group); its first 2 s are warm-up and not counted.
 *
 * <pre>{@code
 * ./mvnw -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.kafka.KafkaLatency [events/s] [seconds]
 * }</pre>
 */
public final class KafkaLatency {

    private static final int PRODUCERS = 4;
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private KafkaLatency() {
    }

    /**
     * Runs the steady load and prints the percentiles.
     *
     * @param args events per second (default 1,000), seconds (default 12)
     * @throws Exception if a server does not start
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Outbox outbox = OutboxToEventBridgeThroughput.outbox();
        MetadataFactory metadata = MetadataFactory.systemDefault();
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        // Where the time goes: commit -> the relay's publish call returned (Kafka acknowledged), and from there to
        // the handler.
        Map<UUID, Long> publishedAt = new ConcurrentHashMap<>();
        List<Long> toPublished = Collections.synchronizedList(new ArrayList<>());
        List<Long> toHandler = Collections.synchronizedList(new ArrayList<>());
        // When the slow ones committed (ns since the schedule started): a warm-up effect or a steady one?
        List<Long> slowCommits = Collections.synchronizedList(new ArrayList<>());
        long[] scheduleStart = {Long.MAX_VALUE};
        CountDownLatch ready = new CountDownLatch(1);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").start();
             InProcessKafka kafka = InProcessKafka.start()) {
            String topic = kafka.topic("latency", 6);
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            pool.setMaximumPoolSize(PRODUCERS + 4);
            try (HikariDataSource dataSource = new HikariDataSource(pool);
                 KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                         .bootstrapServers(kafka.bootstrapServers())
                         .mapping(KafkaMapping.builder().defaultTopic(topic).build())
                         .build())) {
                Jdbi jdbi = Jdbi.create(dataSource);
                CqrsSchema.install(jdbi);
                InboxConsumer inbox = new InboxConsumer("latency", new JdbiTransactionBoundary(jdbi), outbox.codec(),
                        (message, handle) -> {
                            long now = System.nanoTime();
                            ready.countDown();
                            Long committed = committedAt.remove(message.metadata().messageId());
                            Long published = publishedAt.remove(message.metadata().messageId());
                            if (committed != null && committed != Long.MAX_VALUE) {
                                latencies.add(now - committed);
                                if (published != null) {
                                    toPublished.add(published - committed);
                                    if (published - committed > 250_000_000L) {
                                        slowCommits.add(committed - scheduleStart[0]);
                                    }
                                    toHandler.add(now - published);
                                }
                            }
                        }, ConsumerPolicy.defaults());
                EventPublisher timed = batch -> {
                    List<PublishOutcome> outcomes = publisher.publish(batch);
                    long now = System.nanoTime();
                    batch.forEach(event -> publishedAt.put(event.messageId(), now));
                    return outcomes;
                };
                try (OutboxRelay relay = new OutboxRelay(jdbi, timed, OutboxRelayConfig.defaults()).start();
                     KafkaInboxConsumer consumer = new KafkaInboxConsumer(KafkaConsumerConfig.builder()
                             .bootstrapServers(kafka.bootstrapServers()).groupId("latency").topics(topic)
                             .pollTimeout(Duration.ofMillis(100)).build(), inbox).start()) {
                    // The consumer joins its group and the path is warm once a first event went all the way.
                    jdbi.useTransaction(tx -> outbox.append(tx, "probe", List.of(new EventMessage<>(
                            new ItemAdded("probe", 0, "sku", 1), metadata.root()))));
                    if (!ready.await(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("No event reached the consumer within 2 minutes");
                    }
                    long start = System.nanoTime();
                    scheduleStart[0] = start;
                    double achieved = produce(jdbi, outbox, metadata, committedAt, rate, seconds, start);
                    Thread.sleep(2_000);
                    long[] sorted;
                    synchronized (latencies) { // the consumer still adds to it
                        sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                    }
                    System.out.printf("JVM %s, %d CPUs; commit -> Kafka consumer handler at %d events/s (achieved"
                                    + " %,.0f), 1 event per tx, %d producers, %d s (first 2 s not counted): n=%d"
                                    + " p50=%.2f ms p99=%.2f ms max=%.2f ms; %d not arrived%n", Runtime.version(),
                            Runtime.getRuntime().availableProcessors(), rate, achieved, PRODUCERS, seconds,
                            sorted.length, OutboxThroughput.percentile(sorted, 0.50),
                            OutboxThroughput.percentile(sorted, 0.99),
                            sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, committedAt.size());
                    for (Map.Entry<String, List<Long>> part : Map.of("commit -> published", toPublished,
                            "published -> handler", toHandler).entrySet()) {
                        long[] leg;
                        synchronized (part.getValue()) {
                            leg = part.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                        }
                        System.out.printf("  %s: p50=%.2f ms p99=%.2f ms%n", part.getKey(),
                                OutboxThroughput.percentile(leg, 0.50), OutboxThroughput.percentile(leg, 0.99));
                    }
                    long[] slow;
                    synchronized (slowCommits) {
                        slow = slowCommits.stream().mapToLong(Long::longValue).sorted().toArray();
                    }
                    System.out.printf("  commit -> published over 250 ms: %d events, committed %.2f s to %.2f s after"
                                    + " the schedule started%n", slow.length, slow.length == 0 ? 0 : slow[0] / 1e9,
                            slow.length == 0 ? 0 : slow[slow.length - 1] / 1e9);
                }
            }
        }
    }

    /** Appends one event per transaction on a fixed schedule from {@link #PRODUCERS} threads; returns events/s. */
    private static double produce(Jdbi jdbi, Outbox outbox, MetadataFactory metadata, Map<UUID, Long> committedAt,
                                  int rate, int seconds, long start) throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            threads.add(new Thread(() -> {
                try (Handle h = jdbi.open()) {
                    for (int i = producer; i < rate * seconds; i += PRODUCERS) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        String key = "cart-" + (i % 100);
                        EventMessage<ItemAdded> message = new EventMessage<>(new ItemAdded(key, i, "sku", 1),
                                metadata.root());
                        UUID id = message.metadata().messageId();
                        // Counted only after the warm-up; the placeholder makes an early handler call skip it.
                        committedAt.put(id, Long.MAX_VALUE);
                        h.useTransaction(tx -> outbox.append(tx, key, List.of(message)));
                        if (System.nanoTime() - start >= WARM_UP_NANOS) {
                            committedAt.replace(id, Long.MAX_VALUE, System.nanoTime());
                        } else {
                            committedAt.remove(id);
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return rate * (double) seconds / ((System.nanoTime() - start) / 1e9);
    }
}
