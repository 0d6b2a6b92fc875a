package dev.cqrskit.benchmarks.outbox;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.outbox.schema.SchemaInstaller;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the outbox adds to a business transaction, in time and WAL bytes, for each candidate table shape, on one
 * durable PostgreSQL in one run (never in the test build):
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.outbox.AppendCost [shape...]
 * #   -Dappend.transactions=600 (per variant)
 * #   -Dsynchronous.commit=off (the benchmark's sessions commit without waiting for the disk: what the append costs
 * #    in CPU and round trips, without the day's fsync time; the printed settings line says which was used)
 * </pre>
 * Shapes: {@code v0.1.0} (versions 1 and 2, as released), {@code json} (v0.1.0 with json columns),
 * {@code json-nounique} (and no unique index on message_id), {@code no-trigger} (json-nounique without the NOTIFY
 * trigger: not shippable, it shows the trigger's share), {@code shipped} (every version of {@link CqrsSchema}).
 * Each shape gets fresh tables; inside a shape the transactions with and without the outbox alternate one by one
 * and the medians of their times are compared, because a shared disk's fsync time drifts within milliseconds. WAL
 * bytes per transaction come from {@code pg_current_wal_insert_lsn()} before and after each transaction, and the
 * client thread's CPU time per transaction from {@code ThreadMXBean} (the JVM's share, which load moves less).
 */
public final class AppendCost {

    private static final EventTypes TYPES = EventTypes.builder()
            .add(OutboxThroughput.ItemAdded.class, "bench.ItemAdded.v1").build();
    private static final Outbox OUTBOX = new Outbox(new EventCodec(TYPES, EventSerializer.jackson()));
    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();
    private static final int ACCOUNTS = 10_000;
    /** The client thread's CPU per transaction: the JVM's share, much less moved by load than the elapsed time. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final Map<String, String> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("v0.1.0", "");
        SHAPES.put("json", "ALTER TABLE cqrs_outbox ALTER COLUMN payload TYPE json,"
                + " ALTER COLUMN headers TYPE json, ALTER COLUMN headers SET DEFAULT '{}'::json;");
        SHAPES.put("json-nounique", SHAPES.get("json")
                + " ALTER TABLE cqrs_outbox DROP CONSTRAINT cqrs_outbox_message_id_unique;"
                + " CREATE INDEX cqrs_outbox_parked_message ON cqrs_outbox (message_id) WHERE parked_at IS NOT NULL;");
        SHAPES.put("no-trigger", SHAPES.get("json-nounique") + " DROP TRIGGER cqrs_outbox_notify ON cqrs_outbox;");
        SHAPES.put("shipped", null);
    }

    private final Jdbi jdbi;

    private AppendCost(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static void main(String[] args) throws Exception {
        List<String> shapes = args.length == 0 ? List.copyOf(SHAPES.keySet()) : Arrays.asList(args);
        String url = System.getenv("CQRS_POSTGRES_URL");
        EmbeddedPostgres embedded = null;
        Jdbi jdbi;
        if (url != null && !url.isBlank()) {
            jdbi = Jdbi.create(url);
        } else {
            embedded = DurablePostgres.start("cqrs-bench-pg-");
            jdbi = Jdbi.create(embedded.getJdbcUrl("postgres", "postgres") + "&options=-c%20synchronous_commit%3D"
                    + DurablePostgres.synchronousCommit());
        }
        try {
            String settings = jdbi.withHandle(h -> h.createQuery("SELECT version() || ' | fsync=' ||"
                    + " current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')"
                    + " || ' full_page_writes=' || current_setting('full_page_writes')").mapTo(String.class).one());
            System.out.println(settings);
            AppendCost bench = new AppendCost(jdbi);
            bench.ceiling();
            for (String shape : shapes) {
                if (!SHAPES.containsKey(shape)) {
                    throw new IllegalArgumentException("Unknown shape '" + shape + "'. Shapes: " + SHAPES.keySet());
                }
                bench.run(shape);
            }
            bench.ceiling();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void reset(String shape) {
        jdbi.useHandle(h -> h.execute("DROP TABLE IF EXISTS cqrs_outbox, cqrs_outbox_wakeup, cqrs_inbox,"
                + " cqrs_schema_history, bench_orders, bench_accounts, bench_lines CASCADE"));
        String ddl = SHAPES.get(shape);
        if (ddl == null) {
            CqrsSchema.install(jdbi);
        } else {
            SchemaInstaller.of(CqrsSchema.OUTBOX.subList(0, 2)).install(jdbi);
            if (!ddl.isEmpty()) {
                jdbi.useHandle(h -> h.createScript(ddl).execute());
            }
        }
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE bench_orders (id UUID PRIMARY KEY, sku TEXT NOT NULL, quantity INT NOT NULL)");
            h.execute("CREATE TABLE bench_accounts (id INT PRIMARY KEY, version BIGINT NOT NULL, balance BIGINT NOT NULL)");
            h.execute("INSERT INTO bench_accounts SELECT g, 0, 0 FROM generate_series(1, " + ACCOUNTS + ") g");
            h.execute("CREATE TABLE bench_lines (id UUID PRIMARY KEY, account_id INT NOT NULL, amount BIGINT NOT NULL)");
            h.execute("VACUUM ANALYZE bench_accounts");
            h.execute("CHECKPOINT");
        });
    }

    /** Durable commits of a single-row insert from one client: the disk's ceiling for this run. */
    private void ceiling() {
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id UUID PRIMARY KEY)"));
        Consumer<Handle> insert = h -> h.execute("INSERT INTO bench_ceiling VALUES (?)", UUID.randomUUID());
        Round round = round(4, insert);
        int count = Integer.getInteger("append.transactions", 600);
        long[] times = new long[count];
        try (Handle h = jdbi.open()) {
            for (int i = 0; i < count; i++) {
                times[i] = once(h, insert)[0];
            }
        }
        System.out.printf("ceiling: 1 client, durable single-row insert commits: %,.0f tx/s over 4 s, median %.0f us"
                + " per commit (%.0f WAL B/tx)%n", round.rate(), median(times) / 1e3, round.walPerTx());
    }

    private void run(String shape) {
        reset(shape);
        Consumer<Handle> oneInsert = h -> h.execute("INSERT INTO bench_orders VALUES (?, 'sku', 1)", UUID.randomUUID());
        Consumer<Handle> threeStatements = h -> {
            int account = 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS);
            h.execute("UPDATE bench_accounts SET balance = balance + 10, version = version + 1 WHERE id = ?", account);
            h.execute("INSERT INTO bench_lines VALUES (?, ?, 10)", UUID.randomUUID(), account);
            h.execute("INSERT INTO bench_lines VALUES (?, ?, -10)", UUID.randomUUID(), account);
        };
        measure(shape, "1 insert + 1 event", oneInsert, appendEvents(1));
        measure(shape, "1 insert + 3 events", oneInsert, appendEvents(3));
        measure(shape, "update + 2 inserts + 1 event", threeStatements, appendEvents(1));
        if ("shipped".equals(shape)) {
            // The control: what one more round trip costs by itself, in the same alternating measurement. The outbox
            // append is one statement; whatever it adds beyond this line is the server's work and the encoding.
            Consumer<Handle> roundTrip = h -> h.createQuery("SELECT 1").mapTo(Integer.class).one();
            measure("control", "1 insert + SELECT 1", oneInsert, roundTrip);
            measure("control", "update + 2 inserts + SELECT 1", threeStatements, roundTrip);
        }
    }

    private static Consumer<Handle> appendEvents(int events) {
        return h -> {
            String key = "order-" + UUID.randomUUID();
            List<EventMessage<OutboxThroughput.ItemAdded>> messages = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                messages.add(new EventMessage<>(new OutboxThroughput.ItemAdded(key, i, "sku-" + i, 1 + i),
                        METADATA.root()));
            }
            OUTBOX.append(h, key, messages);
        };
    }

    private void measure(String shape, String name, Consumer<Handle> business, Consumer<Handle> added) {
        Consumer<Handle> withOutbox = h -> {
            business.accept(h);
            added.accept(h);
        };
        // Warm-up: JIT, plan caches, the first page of every index.
        round(1, withOutbox);
        round(1, business);
        // Transaction by transaction, alternating: a slow disk's fsync time drifts within milliseconds when other
        // work shares it, and both variants see the same drift. Time includes the commit; WAL is read between
        // transactions (pg_current_wal_insert_lsn writes none), outside the timed part.
        int count = Integer.getInteger("append.transactions", 600);
        long[] timeWithout = new long[count];
        long[] timeWith = new long[count];
        long[] walWithout = new long[count];
        long[] walWith = new long[count];
        long[] cpuWithout = new long[count];
        long[] cpuWith = new long[count];
        try (Handle h = jdbi.open()) {
            for (int i = 0; i < count; i++) {
                boolean withFirst = (i & 1) == 0;
                long[] first = once(h, withFirst ? withOutbox : business);
                long[] second = once(h, withFirst ? business : withOutbox);
                long[] w = withFirst ? first : second;
                long[] wo = withFirst ? second : first;
                timeWith[i] = w[0];
                walWith[i] = w[1];
                timeWithout[i] = wo[0];
                walWithout[i] = wo[1];
                cpuWith[i] = w[2];
                cpuWithout[i] = wo[2];
            }
        }
        double a = median(timeWithout) / 1e3;
        double b = median(timeWith) / 1e3;
        double wa = median(walWithout);
        double wb = median(walWith);
        System.out.printf("%-14s %-30s without %7.0f us %5.0f WAL B | with %7.0f us %5.0f WAL B | +%.0f %% time,"
                + " +%.0f %% WAL (medians of %d alternating transactions each)%n", shape, name, a, wa, b, wb,
                (b / a - 1) * 100, (wb / wa - 1) * 100, count);
        System.out.printf("%-14s %-30s JVM thread CPU per transaction, median: without %5.1f us, with %5.1f us%n",
                shape, name, median(cpuWithout) / 1e3, median(cpuWith) / 1e3);
    }

    /** Runs one transaction; returns its nanoseconds (commit included), WAL bytes and the thread's CPU nanoseconds. */
    private static long[] once(Handle h, Consumer<Handle> body) {
        long before = lsn(h);
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        h.useTransaction(body::accept);
        long nanos = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        return new long[] {nanos, lsn(h) - before, cpu};
    }

    private static long lsn(Handle h) {
        return h.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")
                .mapTo(Long.class).one();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record Round(double rate, double walPerTx) {
    }

    /** One client runs the body in a transaction for the duration; returns tx/s and WAL bytes per tx. */
    private Round round(long seconds, Consumer<Handle> body) {
        try (Handle h = jdbi.open()) {
            String start = h.createQuery("SELECT pg_current_wal_insert_lsn()::text").mapTo(String.class).one();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long committed = 0;
            long began = System.nanoTime();
            while (System.nanoTime() < end) {
                h.useTransaction(body::accept);
                committed++;
            }
            double elapsed = (System.nanoTime() - began) / 1e9;
            long wal = h.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :start::pg_lsn)::bigint")
                    .bind("start", start).mapTo(Long.class).one();
            return new Round(committed / elapsed, (double) wal / committed);
        }
    }

    /**
     * Returns the median of some values; shared by the harnesses that compare rounds.
     *
     * @param values the values, not empty
     * @return the middle value (the upper one of an even count)
     */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
