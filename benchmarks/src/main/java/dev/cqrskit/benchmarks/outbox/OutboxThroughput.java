package dev.cqrskit.benchmarks.outbox;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Throughput and latency of the outbox on a real local PostgreSQL, run by hand (never in the test build):
 * <pre>
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.outbox.OutboxThroughput [scenario...]
 * </pre>
 * Scenarios: {@code ceiling drain produce latency append order gruelbox} (default: all but gruelbox, which runs
 * "produce" and then the same load through gruelbox transaction-outbox). The server is an embedded
 * PostgreSQL with durable settings ({@code fsync=on}, {@code synchronous_commit=on}), or the one named by
 * {@code CQRS_POSTGRES_URL}. Each scenario prints its settings next to its numbers.
 */
public final class OutboxThroughput {

    /** The benchmark's event: small, like a typical domain event. */
    public record ItemAdded(String key, int seq, String sku, int quantity) implements DomainEvent {
    }

    private static final EventTypes TYPES = EventTypes.builder().add(ItemAdded.class, "bench.ItemAdded.v1").build();
    private static final Outbox OUTBOX = new Outbox(new EventCodec(TYPES, EventSerializer.jackson()));
    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private final Jdbi jdbi;

    private OutboxThroughput(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length == 0
                ? List.of("ceiling", "drain", "produce", "latency", "append", "order") : Arrays.asList(args);
        String url = System.getenv("CQRS_POSTGRES_URL");
        EmbeddedPostgres embedded = null;
        Jdbi jdbi;
        String jdbcUrl;
        if (url != null && !url.isBlank()) {
            jdbi = Jdbi.create(url);
            jdbcUrl = url;
        } else {
            embedded = DurablePostgres.start("cqrs-bench-pg-");
            jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
            jdbi = Jdbi.create(jdbcUrl);
        }
        try {
            CqrsSchema.install(jdbi);
            jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_orders (id UUID PRIMARY KEY,"
                    + " sku TEXT NOT NULL, quantity INT NOT NULL)"));
            String settings = jdbi.withHandle(h -> h.createQuery("SELECT version() || ' | fsync=' ||"
                    + " current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')"
                    + " || ' shared_buffers=' || current_setting('shared_buffers')").mapTo(String.class).one());
            System.out.println(settings);
            System.out.println("JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs");
            OutboxThroughput bench = new OutboxThroughput(jdbi);
            for (String scenario : scenarios) {
                bench.clear();
                switch (scenario) {
                    case "ceiling" -> bench.ceiling();
                    case "drain" -> bench.drain();
                    case "produce" -> bench.produceAndRelay();
                    case "latency" -> bench.latency();
                    case "append" -> bench.appendCost();
                    case "order" -> bench.order();
                    case "gruelbox" -> {
                        bench.produceAndRelay();
                        bench.clear();
                        GruelboxSideBySide.run(jdbcUrl, Integer.getInteger("produce.clients", 8),
                                Duration.ofSeconds(Long.getLong("produce.seconds", 15)));
                    }
                    default -> throw new IllegalArgumentException("Unknown scenario '" + scenario
                            + "'. Scenarios: ceiling drain produce latency append order gruelbox");
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void clear() {
        jdbi.useHandle(h -> h.execute("TRUNCATE cqrs_outbox, cqrs_inbox, bench_orders"));
    }

    private static EventMessage<ItemAdded> event(String key, int seq) {
        return new EventMessage<>(new ItemAdded(key, seq, "sku-" + (seq % 97), 1 + seq % 5), METADATA.root());
    }

    /** Durable single-row insert commits per second, from 1 and from 8 clients: the machine's commit ceiling. */
    private void ceiling() throws InterruptedException {
        for (int clients : new int[] {1, 8}) {
            double rate = runClients(clients, Duration.ofSeconds(5), h -> h.execute(
                    "INSERT INTO bench_orders VALUES (?, 'ceiling', 1)", UUID.randomUUID()));
            System.out.printf("ceiling: %d client(s), durable single-row insert commits: %,.0f tx/s%n", clients, rate);
        }
    }

    /** A pre-filled backlog drained to a no-op publisher. */
    private void drain() throws InterruptedException {
        int events = Integer.getInteger("drain.events", 100_000);
        // Warm-up: JIT the relay path on a smaller backlog, not reported.
        prefill(20_000, 1_000);
        LongAdder warm = new LongAdder();
        try (OutboxRelay relay = new OutboxRelay(jdbi, noOp(warm), OutboxRelayConfig.defaults()).start()) {
            while (warm.sum() < 20_000) {
                Thread.sleep(5);
            }
        }
        for (int[] shape : new int[][] {{1_000, 1}, {1_000, 2}, {10, 1}, {100_000, 1}}) {
            clear();
            int keys = shape[0];
            prefill(events, keys);
            LongAdder published = new LongAdder();
            OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(500).concurrency(shape[1]).build();
            long start = System.nanoTime();
            try (OutboxRelay relay = new OutboxRelay(jdbi, noOp(published), config).start()) {
                while (published.sum() < events) {
                    Thread.sleep(5);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("drain: %,d events over %,d keys, batch 500, %d worker(s): %,.0f events/s (%.2f s)%n",
                    events, keys, shape[1], events / seconds, seconds);
        }
    }

    /** Producers commit one event per business transaction while a relay publishes. */
    private void produceAndRelay() throws InterruptedException {
        int producers = Integer.getInteger("produce.clients", 8);
        Duration duration = Duration.ofSeconds(Long.getLong("produce.seconds", 15));
        LongAdder published = new LongAdder();
        AtomicLong maxBacklog = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(500).concurrency(2).build();
        double produced;
        try (OutboxRelay relay = new OutboxRelay(jdbi, noOp(published), config).start()) {
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    long backlog = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_outbox")
                            .mapTo(Long.class).one());
                    maxBacklog.accumulateAndGet(backlog, Math::max);
                    sleep(250);
                }
            });
            sampler.start();
            long publishedBefore = published.sum();
            long start = System.nanoTime();
            produced = runClients(producers, duration, h -> {
                long n = seq.incrementAndGet();
                String key = "order-" + (n % 1_000);
                h.execute("INSERT INTO bench_orders VALUES (?, 'sku', 1)", UUID.randomUUID());
                OUTBOX.append(h, key, List.of(event(key, (int) n)));
            });
            double publishedRate = (published.sum() - publishedBefore) / ((System.nanoTime() - start) / 1e9);
            sampling.set(false);
            sampler.join();
            System.out.printf("produce+relay: %d producers (1 business row + 1 event per tx, synchronous_commit on),"
                            + " relay 2 workers batch 500: produced %,.0f events/s, published %,.0f events/s,"
                            + " max backlog %,d rows%n", producers, produced, publishedRate, maxBacklog.get());
        }
    }

    /** Commit-to-publish latency at a steady 1,000 events/s, with NOTIFY and with polling only. */
    private void latency() throws InterruptedException {
        // A first pass, printed but not counted: the relay's path and the producers' JIT-compile and warm up, which
        // on two shared cores put hundreds of milliseconds into the first seconds' tail.
        latency(true, Integer.getInteger("warmup.seconds", 5), "warm-up, not counted: ");
        latency(true, 10, "");
        latency(false, 10, "");
    }

    private void latency(boolean listen, int seconds, String label) throws InterruptedException {
        clear();
        Duration poll = listen ? Duration.ofSeconds(1) : Duration.ofMillis(100);
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        LatencySamples latencies = new LatencySamples();
        EventPublisher measuring = batch -> {
            long now = System.nanoTime();
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            for (SerializedEvent event : batch) {
                Long committed = committedAt.remove(event.messageId());
                if (committed != null) {
                    latencies.record(committed, now - committed);
                }
                outcomes.add(PublishOutcome.published(event.messageId(), null));
            }
            return outcomes;
        };
        OutboxRelayConfig config = OutboxRelayConfig.builder().listen(listen).pollInterval(poll).build();
        int rate = 1_000;
        int producers = 8;
        LongAdder sent = new LongAdder();
        long start;
        long elapsed;
        try (OutboxRelay relay = new OutboxRelay(jdbi, measuring, config).start()) {
            Thread.sleep(500);
            start = System.nanoTime();
            latencies.startedAt(start);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(new Thread(() -> {
                    // Each producer owns every producers-th slot of a fixed 1,000/s schedule.
                    long interval = 1_000_000_000L / rate;
                    try (Handle h = jdbi.open()) {
                        for (int i = producer; i < rate * seconds; i += producers) {
                            long due = start + i * interval;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            EventMessage<ItemAdded> message = event("k-" + (i % 100), i);
                            UUID id = message.metadata().messageId();
                            committedAt.put(id, Long.MAX_VALUE);
                            h.useTransaction(tx -> OUTBOX.append(tx, "k-" + (message.event().seq() % 100),
                                    List.of(message)));
                            committedAt.replace(id, Long.MAX_VALUE, System.nanoTime());
                            sent.increment();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            elapsed = System.nanoTime() - start;
            Thread.sleep(poll.toMillis() + 500);
        }
        latencies.print(String.format(label + "latency (%s, poll %d ms, target %d events/s, achieved %,.0f events/s,"
                        + " 1 event per tx, %d producers)", listen ? "LISTEN/NOTIFY" : "polling only",
                poll.toMillis(), rate, sent.sum() / (elapsed / 1e9), producers));
    }

    /**
     * A business transaction with and without three outbox events, one client and eight. The variants alternate in
     * short rounds, and the medians are compared, because a shared disk's fsync time drifts within seconds.
     */
    private void appendCost() throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        for (int clients : new int[] {1, 8}) {
            int rounds = 7;
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                without[r] = runClients(clients, Duration.ofSeconds(2), h ->
                        h.execute("INSERT INTO bench_orders VALUES (?, 'sku', 1)", UUID.randomUUID()));
                with[r] = runClients(clients, Duration.ofSeconds(2), h -> {
                    UUID id = UUID.randomUUID();
                    h.execute("INSERT INTO bench_orders VALUES (?, 'sku', 1)", id);
                    int n = (int) seq.incrementAndGet();
                    OUTBOX.append(h, "order-" + id, List.of(event("o", n), event("o", n + 1), event("o", n + 2)));
                });
            }
            Arrays.sort(without);
            Arrays.sort(with);
            double a = without[rounds / 2];
            double b = with[rounds / 2];
            System.out.printf("append cost (%d client(s), synchronous_commit on, median of %d alternating 2 s rounds):"
                    + " business tx %,.0f tx/s, with 3 outbox events %,.0f tx/s: %.1f %% added per transaction%n",
                    clients, rounds, a, b, (a / b - 1) * 100);
        }
    }

    /** The correctness bar as a load run: 3 relays, 100k events over 1k keys. */
    private void order() throws InterruptedException {
        int keys = 1_000;
        int perKey = Integer.getInteger("order.perKey", 100);
        prefillOrdered(keys, perKey);
        Map<String, int[]> last = new ConcurrentHashMap<>();
        LongAdder violations = new LongAdder();
        LongAdder duplicates = new LongAdder();
        LongAdder published = new LongAdder();
        EventPublisher checking = batch -> {
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            for (SerializedEvent event : batch) {
                ItemAdded added = (ItemAdded) OUTBOX.codec().decode(event).event();
                int[] highest = last.computeIfAbsent(event.key(), k -> new int[1]);
                synchronized (highest) {
                    if (added.seq() <= highest[0]) {
                        duplicates.increment();
                    } else if (added.seq() != highest[0] + 1) {
                        violations.increment();
                    }
                    highest[0] = Math.max(highest[0], added.seq());
                }
                published.increment();
                outcomes.add(PublishOutcome.published(event.messageId(), null));
            }
            return outcomes;
        };
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(200).concurrency(2).build();
        long start = System.nanoTime();
        List<OutboxRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                relays.add(new OutboxRelay(jdbi, checking, config).start());
            }
            while (published.sum() < (long) keys * perKey) {
                Thread.sleep(5);
            }
        } finally {
            relays.forEach(OutboxRelay::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("order: %,d events over %,d keys, 3 relays x 2 workers, batch 200: %,.0f events/s;"
                        + " order violations %d, duplicates %d%n", keys * perKey, keys, keys * perKey / seconds,
                violations.sum(), duplicates.sum());
    }

    private void prefill(int events, int keys) {
        int perTx = 1_000;
        int[] seqs = new int[keys];
        for (int done = 0; done < events; done += perTx) {
            int from = done;
            jdbi.useTransaction(h -> {
                for (int i = from; i < Math.min(events, from + perTx); i++) {
                    int k = i % keys;
                    String key = "key-" + k;
                    OUTBOX.append(h, key, List.of(event(key, ++seqs[k])));
                }
            });
        }
    }

    private void prefillOrdered(int keys, int perKey) {
        for (int seq = 1; seq <= perKey; seq += 10) {
            int from = seq;
            jdbi.useTransaction(h -> {
                for (int k = 0; k < keys; k++) {
                    String key = "key-" + k;
                    List<EventMessage<ItemAdded>> messages = new ArrayList<>();
                    for (int s = from; s < from + 10 && s <= perKey; s++) {
                        messages.add(event(key, s));
                    }
                    OUTBOX.append(h, key, messages);
                }
            });
        }
    }

    private static EventPublisher noOp(LongAdder published) {
        return batch -> {
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            for (SerializedEvent event : batch) {
                outcomes.add(PublishOutcome.published(event.messageId(), null));
            }
            published.add(batch.size());
            return outcomes;
        };
    }

    /** Runs a transaction body on each client for the duration; returns committed transactions per second. */
    private double runClients(int clients, Duration duration, java.util.function.Consumer<Handle> body)
            throws InterruptedException {
        LongAdder committed = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(new Thread(() -> {
                try (Handle h = jdbi.open()) {
                    while (System.nanoTime() < end) {
                        h.useTransaction(body::accept);
                        committed.increment();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return committed.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Returns a percentile of sorted nanosecond samples, in milliseconds; shared by the latency harnesses.
     *
     * @param sorted the samples, ascending
     * @param p      the percentile, 0..1
     * @return the percentile in ms; 0 without samples
     */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
