package dev.cqrskit.benchmarks.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.benchmarks.outbox.DurablePostgres;
import dev.cqrskit.benchmarks.outbox.LatencySamples;
import dev.cqrskit.benchmarks.outbox.OutboxThroughput;
import dev.cqrskit.eventstore.AppendResult;
import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.EventStoreSchema;
import dev.cqrskit.eventstore.ExpectedVersion;
import dev.cqrskit.eventstore.StartPosition;
import dev.cqrskit.eventstore.Subscription;
import dev.cqrskit.eventstore.SubscriptionHandler;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.eventstore.SubscriptionsConfig;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Event store appends, subscription catch-up and follow latency on a real local PostgreSQL, run by hand (never in the
 * test build):
 * <pre>
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.eventstore.EventStoreThroughput [scenario...]
 * </pre>
 * Scenarios: {@code ceiling append catchup follow load outbox} (default: the first four). The server is an embedded PostgreSQL with durable
 * settings ({@code fsync=on}, {@code synchronous_commit=on}), or the one named by {@code CQRS_POSTGRES_URL}. The
 * one- and eight-client commit ceilings come first, since every other figure depends on them. System properties:
 * {@code seconds} (5, per append figure), {@code warmup.seconds} (3, untimed appends before them), {@code backlog}
 * (100,000 events to catch up), {@code batch} (1,000 events
 * per subscription batch), {@code rate} (500 events/s while following), {@code follow.seconds} (10),
 * {@code long.seconds} (30, the open writer), {@code synchronous.commit} ({@code on}; {@code off} makes the benchmark's
 * own sessions commit without waiting for the disk, so that the append figures show what the append costs in CPU
 * rather than the day's fsync time: the printed settings line says which was used). Each append line also gives the
 * CPU time per event of the appending threads ({@code ThreadMXBean}) and of the local server's processes
 * ({@code /proc}), which load moves much less than the rates.
 */
public final class EventStoreThroughput {

    /** The benchmark's event: small, like a typical domain event. */
    public record ItemAdded(String cart, long seq, String sku, int quantity) implements DomainEvent {
    }

    private static final EventCodec CODEC = new EventCodec(
            EventTypes.builder().add(ItemAdded.class, "bench.ItemAdded.v1").build(), EventSerializer.jackson());
    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();
    /** The appending threads' own CPU time: what the JVM spends per append, much less moved by load than a rate. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String UPSERT = "INSERT INTO %s (cart, sku, quantity) VALUES (?, ?, ?)"
            + " ON CONFLICT (cart, sku) DO UPDATE SET quantity = %<s.quantity + excluded.quantity";

    private final Jdbi jdbi;
    private final JdbiTransactionBoundary transactions;
    private final EventStore store;
    private final Duration run = Duration.ofSeconds(Long.getLong("seconds", 5));
    /** The local server's postmaster, whose processes' CPU the append lines report; -1 if it is not readable here. */
    private final long postmaster;

    private EventStoreThroughput(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.transactions = new JdbiTransactionBoundary(jdbi);
        this.store = new EventStore(transactions, CODEC);
        this.postmaster = jdbi.withHandle(h -> {
            long backend = h.createQuery("SELECT pg_backend_pid()").mapTo(Long.class).one();
            try {
                return Files.readAllLines(Path.of("/proc/" + backend + "/status")).stream()
                        .filter(line -> line.startsWith("PPid:")).mapToLong(line -> Long.parseLong(line.substring(5)
                                .trim())).findFirst().orElse(-1L);
            } catch (java.io.IOException e) {
                return -1L; // a remote server
            }
        });
    }

    /**
     * Returns the CPU time, in nanoseconds, that the server's processes (the postmaster and its children: backends,
     * WAL writer, checkpointer) have used so far, from {@code /proc}; -1 for a server on another machine.
     */
    private long serverCpuNanos() {
        if (postmaster < 0) {
            return -1;
        }
        long ticks = 0;
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                // Fields after the command name, which may hold spaces: state, ppid, ... utime (14th), stime (15th).
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(name) == postmaster || Long.parseLong(fields[1]) == postmaster) {
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length == 0 ? List.of("ceiling", "append", "catchup", "follow")
                : Arrays.asList(args);
        String url = System.getenv("CQRS_POSTGRES_URL");
        EmbeddedPostgres embedded = null;
        String jdbcUrl;
        if (url != null && !url.isBlank()) {
            jdbcUrl = url;
        } else {
            embedded = DurablePostgres.start("cqrs-bench-es-");
            jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(20);
        config.setConnectionInitSql("SET synchronous_commit = " + DurablePostgres.synchronousCommit());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Jdbi jdbi = Jdbi.create(pool);
            EventStoreSchema.install(jdbi);
            jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id BIGSERIAL PRIMARY KEY)"));
            String settings = jdbi.withHandle(h -> h.createQuery("SELECT version() || ' | fsync=' ||"
                    + " current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')")
                    .mapTo(String.class).one());
            System.out.println(settings);
            System.out.println("JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, load average " + loadAverage());
            EventStoreThroughput bench = new EventStoreThroughput(jdbi);
            for (String scenario : scenarios) {
                switch (scenario) {
                    case "ceiling" -> bench.ceiling();
                    case "append" -> bench.append();
                    case "catchup" -> bench.catchUp();
                    case "follow" -> bench.follow();
                    case "load" -> bench.load();
                    case "outbox" -> bench.withOutbox();
                    default -> throw new IllegalArgumentException("Unknown scenario '" + scenario
                            + "'. Scenarios: ceiling append catchup follow load outbox");
                }
            }
            System.out.println("load average at the end " + loadAverage());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Durable single-row insert commits per second from 1 and from 8 clients: the day's commit ceilings. */
    private void ceiling() throws InterruptedException {
        for (int clients : new int[] {1, 8}) {
            long count = clients(clients, client -> jdbi.useHandle(h -> h.execute(
                    "INSERT INTO bench_ceiling DEFAULT VALUES")));
            report("commit ceiling, " + clients + " client(s), single-row insert", count, run);
        }
    }

    private void append() throws InterruptedException {
        // Untimed warm-up of both statements (JIT, pgjdbc's server-side prepare): otherwise the first line measures
        // the interpreter.
        long warmUp = System.nanoTime() + Duration.ofSeconds(Long.getLong("warmup.seconds", 3)).toNanos();
        String warm = "Cart:" + UUID.randomUUID();
        for (long version = 0; System.nanoTime() - warmUp < 0; version += 3) {
            String stream = "Cart:" + UUID.randomUUID();
            store.append(stream, ExpectedVersion.noStream(), events(stream, 0, 1));
            store.append(warm, ExpectedVersion.exactly(version), events(warm, version, 3));
        }
        for (int clients : new int[] {1, 8}) {
            // Each client appends to streams of its own, one event per transaction.
            LongAdder cpu = new LongAdder();
            long serverStart = serverCpuNanos();
            long count = clients(clients, cpu, client -> {
                String stream = "Cart:" + UUID.randomUUID();
                store.append(stream, ExpectedVersion.noStream(), events(stream, 0, 1));
            });
            report("append, " + clients + " client(s), 1 event per transaction, distinct streams", count, run,
                    cpu.sum(), serverCpuNanos() - serverStart);
        }
        long appended = 0;
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long serverStart = serverCpuNanos();
        String batched = "Cart:" + UUID.randomUUID();
        while (System.nanoTime() - start < run.toNanos()) {
            store.append(batched, ExpectedVersion.exactly(appended), events(batched, appended, 100));
            appended += 100;
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        report("append, 1 client, 100 events per transaction", appended, Duration.ofNanos(System.nanoTime() - start),
                cpu, serverCpuNanos() - serverStart);
        // The same with two clients, one per core: a batched append keeps the server busier than the JVM, so a second
        // client overlaps one's encoding with the other's statement.
        String[] streams = {"Cart:" + UUID.randomUUID(), "Cart:" + UUID.randomUUID()};
        long[] versions = new long[streams.length];
        LongAdder clientsCpu = new LongAdder();
        long serverBefore = serverCpuNanos();
        long transactions = clients(streams.length, clientsCpu, client -> {
            store.append(streams[client], ExpectedVersion.exactly(versions[client]),
                    events(streams[client], versions[client], 100));
            versions[client] += 100;
        });
        report("append, 2 clients, 100 events per transaction", transactions * 100, run, clientsCpu.sum(),
                serverCpuNanos() - serverBefore);
    }

    /** Stream load latency: {@code readStream} of a 100- and a 1,000-event stream, decoded, p50 and p99 of 300 loads. */
    private void load() {
        for (int size : new int[] {100, 1_000}) {
            String stream = "Cart:" + UUID.randomUUID();
            for (int appended = 0; appended < size; appended += 100) {
                store.append(stream, ExpectedVersion.exactly(appended), events(stream, appended, 100));
            }
            for (int i = 0; i < 50; i++) {
                store.readStream(stream, 1); // warm-up: JIT, plan cache, the stream's pages
            }
            long[] nanos = new long[300];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                int read = store.readStream(stream, 1).size();
                nanos[i] = System.nanoTime() - start;
                if (read != size) {
                    throw new IllegalStateException("read " + read + " of " + size + " events");
                }
            }
            Arrays.sort(nanos);
            System.out.printf("load a stream of %,d events (readStream, decoded), %d loads: p50=%.2f ms p99=%.2f ms"
                    + "%n", size, nanos.length, OutboxThroughput.percentile(nanos, 0.50), OutboxThroughput.percentile(nanos, 0.99));
        }
    }

    /**
     * The append path with the outbox write (what a write slice does: the stream's events and the outbox rows in one
     * transaction) against the append alone, one event per transaction, one client, alternating transaction by
     * transaction so both see the same disk; medians of 1,000 each.
     */
    private void withOutbox() {
        EventStore publishing = store.publishingTo(new dev.cqrskit.outbox.Outbox(CODEC));
        int count = 1_000;
        long[] alone = new long[count];
        long[] both = new long[count];
        long[] aloneCpu = new long[count];
        long[] bothCpu = new long[count];
        for (int i = 0; i < count; i++) {
            boolean outboxFirst = (i & 1) == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean outbox = (turn == 0) == outboxFirst;
                String stream = "Cart:" + UUID.randomUUID();
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                (outbox ? publishing : store).append(stream, ExpectedVersion.noStream(), events(stream, 0, 1));
                long took = System.nanoTime() - start;
                long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
                if (outbox) {
                    both[i] = took;
                    bothCpu[i] = cpu;
                } else {
                    alone[i] = took;
                    aloneCpu[i] = cpu;
                }
            }
        }
        Arrays.sort(alone);
        Arrays.sort(both);
        Arrays.sort(aloneCpu);
        Arrays.sort(bothCpu);
        double a = OutboxThroughput.percentile(alone, 0.50);
        double b = OutboxThroughput.percentile(both, 0.50);
        System.out.printf("append 1 event, 1 client, alternating: alone p50=%.3f ms, with the outbox write p50=%.3f ms"
                + " (+%.0f %%); JVM thread CPU p50 %.1f / %.1f us%n", a, b, (b / a - 1) * 100,
                OutboxThroughput.percentile(aloneCpu, 0.50) * 1e3, OutboxThroughput.percentile(bothCpu, 0.50) * 1e3);
    }

    /**
     * Catch-up of a backlog: first the raw read (keyset pages of the batch size, every column, no decoding) and the
     * read with decoding, the ceilings of any subscription; then subscriptions with a no-op handler, one upsert per
     * event through the handle, and the same upserts collected by a projection handler and run batched.
     */
    private void catchUp() {
        int backlog = Integer.getInteger("backlog", 100_000);
        int batch = Integer.getInteger("batch", 1_000);
        jdbi.useHandle(h -> h.execute("TRUNCATE cqrs_events, cqrs_streams, cqrs_subscriptions"));
        AppendResult last = null;
        for (int i = 0; i < backlog / 500; i++) {
            String stream = "Cart:" + UUID.randomUUID();
            last = store.append(stream, ExpectedVersion.noStream(), events(stream, 0, 500));
        }
        long total = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_events").mapTo(Long.class).one());
        jdbi.useHandle(h -> h.execute("VACUUM ANALYZE cqrs_events"));
        for (boolean decode : new boolean[] {false, true}) {
            long start = System.nanoTime();
            long read = 0;
            long after = 0;
            while (true) {
                long from = after;
                List<Long> positions = jdbi.withHandle(h -> h.createQuery("SELECT e.position, e.stream_id,"
                                + " e.stream_version, e.message_id, e.event_type, e.payload::text AS payload,"
                                + " e.correlation_id, e.causation_id, e.tenant, e.principal, e.headers::text AS headers,"
                                + " e.occurred_at, e.recorded_at FROM cqrs_events e WHERE e.position > :after"
                                + " ORDER BY e.position LIMIT :limit")
                        .bind("after", from).bind("limit", batch)
                        .map((rs, ctx) -> {
                            if (decode) {
                                Metadata metadata = EventCodec.readMetadata(rs);
                                CODEC.decode(new SerializedEvent(rs.getString("event_type"), rs.getString("stream_id"),
                                        rs.getString("payload"), metadata));
                            } else {
                                for (int column = 2; column <= 13; column++) {
                                    rs.getString(column);
                                }
                            }
                            return rs.getLong(1);
                        })
                        .list());
                if (positions.isEmpty()) {
                    break;
                }
                read += positions.size();
                after = positions.get(positions.size() - 1);
            }
            report("raw catch-up read, pages of " + batch + (decode ? ", decoded" : ", no decoding"), read, start);
        }
        for (String mode : List.of("no-op handler", "one upsert per event", "batched upserts (project)")) {
            String table = "bench_items_" + mode.replaceAll("[^a-z]", "_").replaceAll("_+", "_");
            jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS " + table + " (cart TEXT, sku TEXT,"
                    + " quantity BIGINT NOT NULL, PRIMARY KEY (cart, sku))"));
            String upsert = String.format(UPSERT, table);
            String id = "bench-" + table;
            Subscription.Builder builder = Subscription.builder(id);
            switch (mode) {
                case "no-op handler" -> builder.on(ItemAdded.class, (event, metadata, handle) -> { });
                case "one upsert per event" -> builder.on(ItemAdded.class, (event, metadata, handle) ->
                        handle.execute(upsert, event.cart(), event.sku(), event.quantity()));
                default -> builder.project(ItemAdded.class, (event, metadata, writes) ->
                        writes.add(upsert, event.cart(), event.sku(), event.quantity()));
            }
            Subscriptions subscriptions = Subscriptions.builder(jdbi, CODEC).add(builder.build())
                    .config(SubscriptionsConfig.builder().batchSize(batch).build())
                    .build();
            long start = System.nanoTime();
            subscriptions.start();
            boolean done = subscriptions.awaitPosition(id, last.position(), Duration.ofMinutes(10));
            report("catch-up of " + total + " events, " + mode + ", batch " + batch
                    + (done ? "" : " (TIMED OUT)"), total, start);
            subscriptions.stop();
        }
    }

    /**
     * Commit-to-handler latency of a subscription following appends at a steady rate, one event per transaction
     * from eight writers on streams of their own: woken by LISTEN/NOTIFY, then polling only (the notify trigger
     * dropped), then with one more writer holding a transaction open on another stream the whole time.
     */
    private void follow() throws InterruptedException {
        Duration measure = Duration.ofSeconds(Long.getLong("follow.seconds", 10));
        // Printed but not counted: the store's and the runner's paths JIT-compile and warm up first, which on two
        // shared cores puts hundreds of milliseconds into the first seconds' tail.
        latency("warm-up, not counted: LISTEN/NOTIFY, poll 500 ms", Duration.ofMillis(500),
                Duration.ofSeconds(Long.getLong("warmup.seconds", 5)), false);
        latency("LISTEN/NOTIFY, poll 500 ms", Duration.ofMillis(500), measure, false);
        jdbi.useHandle(h -> h.execute("DROP TRIGGER cqrs_events_notify ON cqrs_events"));
        try {
            latency("polling only, poll 100 ms", Duration.ofMillis(100), measure, false);
        } finally {
            jdbi.useHandle(h -> h.execute("CREATE TRIGGER cqrs_events_notify AFTER INSERT ON cqrs_events"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION cqrs_events_notify()"));
        }
        Duration open = Duration.ofSeconds(Long.getLong("long.seconds", 30));
        latency("LISTEN/NOTIFY, poll 500 ms, a writer open " + open.toSeconds() + " s on another stream",
                Duration.ofMillis(500), open.minusSeconds(5), true);
    }

    private void latency(String what, Duration poll, Duration measure, boolean longWriter)
            throws InterruptedException {
        int rate = Integer.getInteger("rate", 500);
        int writers = 8;
        Map<UUID, Long> committedAt = new ConcurrentHashMap<>();
        LatencySamples latencies = new LatencySamples();
        long[] longWriterLatency = {-1};
        String id = "follow-" + UUID.randomUUID();
        String longStream = "Long:" + UUID.randomUUID();
        SubscriptionHandler<ItemAdded> measuring = (event, metadata, handle) -> {
            long now = System.nanoTime();
            Long committed = committedAt.remove(metadata.messageId());
            if (committed == null) {
                return;
            }
            if (event.cart().equals(longStream)) {
                longWriterLatency[0] = now - committed;
            } else {
                latencies.record(committed, now - committed);
            }
        };
        Subscriptions subscriptions = Subscriptions.builder(jdbi, CODEC)
                .add(Subscription.builder(id).on(ItemAdded.class, measuring).startAt(StartPosition.END).build())
                .config(SubscriptionsConfig.builder().pollInterval(poll).build())
                .build();
        subscriptions.start();
        Thread holder = null;
        try {
            while (!subscriptions.isActive(id) || subscriptions.status(id).isEmpty()) {
                Thread.sleep(20);
            }
            Thread.sleep(poll.toMillis() + 200);
            if (longWriter) {
                long holdMillis = measure.plusSeconds(5).toMillis();
                holder = new Thread(() -> transactions.inTransaction(() -> {
                    List<EventMessage<ItemAdded>> event = events(longStream, 0, 1);
                    UUID messageId = event.get(0).metadata().messageId();
                    committedAt.put(messageId, Long.MAX_VALUE);
                    store.append(longStream, ExpectedVersion.noStream(), event);
                    LockSupport.parkNanos(Duration.ofMillis(holdMillis).toNanos());
                    transactions.afterCommit(() -> committedAt.replace(messageId, Long.MAX_VALUE,
                            System.nanoTime()));
                    return null;
                }), "long-writer");
                holder.start();
                Thread.sleep(200);
            }
            LongAdder sent = new LongAdder();
            long start = System.nanoTime();
            latencies.startedAt(start);
            long interval = 1_000_000_000L / rate;
            long slots = rate * measure.toSeconds();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    String stream = "Follow:" + UUID.randomUUID();
                    long version = 0;
                    // Each writer owns every writers-th slot of a fixed schedule.
                    for (long slot = writer; slot < slots; slot += writers) {
                        long wait = start + slot * interval - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        List<EventMessage<ItemAdded>> event = events(stream, version, 1);
                        UUID messageId = event.get(0).metadata().messageId();
                        committedAt.put(messageId, Long.MAX_VALUE);
                        store.append(stream, ExpectedVersion.exactly(version), event);
                        committedAt.replace(messageId, Long.MAX_VALUE, System.nanoTime());
                        version++;
                        sent.increment();
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            double achieved = sent.sum() / ((System.nanoTime() - start) / 1e9);
            Thread.sleep(poll.toMillis() + 500);
            latencies.print(String.format("follow latency (%s; target %d events/s, achieved %,.0f events/s,"
                    + " 1 event per tx, %d writers, distinct streams)", what, rate, achieved, writers));
            if (holder != null) {
                holder.join();
                Thread.sleep(poll.toMillis() + 500);
                System.out.printf("  the open writer's own event, after its commit: %.2f ms%n",
                        longWriterLatency[0] / 1e6);
            }
        } finally {
            subscriptions.stop();
        }
    }

    /** Runs an action in a loop on several threads for the run's duration; returns how often it ran. */
    private long clients(int clients, Consumer<Integer> action) throws InterruptedException {
        return clients(clients, new LongAdder(), action);
    }

    /** The same, adding the threads' CPU time to {@code cpu}. */
    private long clients(int clients, LongAdder cpu, Consumer<Integer> action) throws InterruptedException {
        LongAdder done = new LongAdder();
        long deadline = System.nanoTime() + run.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(new Thread(() -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                while (System.nanoTime() - deadline < 0) {
                    action.accept(client);
                    done.increment();
                }
                cpu.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return done.sum();
    }

    private static List<EventMessage<ItemAdded>> events(String cart, long from, int count) {
        List<EventMessage<ItemAdded>> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(new EventMessage<>(new ItemAdded(cart, from + i, "sku-" + ((from + i) % 97), 1 + i % 5),
                    METADATA.root()));
        }
        return events;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void report(String what, long count, Duration took) {
        System.out.printf("%-75s %,10d in %6.2f s = %,10.0f /s%n", what, count, took.toNanos() / 1e9,
                count / (took.toNanos() / 1e9));
    }

    /**
     * The same, with the CPU time per counted item of the appending threads (the harness's event building included)
     * and of the server's processes.
     */
    private void report(String what, long count, Duration took, long cpuNanos, long serverNanos) {
        System.out.printf("%-75s %,10d in %6.2f s = %,10.0f /s, CPU each: JVM threads %6.1f us, server %s%n", what,
                count, took.toNanos() / 1e9, count / (took.toNanos() / 1e9), cpuNanos / 1e3 / count,
                postmaster < 0 ? "n/a" : String.format("%6.1f us", serverNanos / 1e3 / count));
    }

    private static void report(String what, long count, long startNanos) {
        report(what, count, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
