package dev.cqrskit.benchmarks.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.eventstore.AppendResult;
import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.EventStoreSchema;
import dev.cqrskit.eventstore.ExpectedVersion;
import dev.cqrskit.eventstore.Subscription;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.eventstore.SubscriptionsConfig;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Event store append rate (one client) and subscription catch-up rate on a real local PostgreSQL, run by hand
 * (never in the test build):
 * <pre>
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.eventstore.EventStoreThroughput
 * </pre>
 * The server is an embedded PostgreSQL with durable settings ({@code fsync=on}, {@code synchronous_commit=on}), or
 * the one named by {@code CQRS_POSTGRES_URL}. It prints the one-client commit ceiling next to the figures.
 */
public final class EventStoreThroughput {

    /** The benchmark's event: small, like a typical domain event. */
    public record ItemAdded(String cart, long seq, String sku, int quantity) implements DomainEvent {
    }

    private static final EventCodec CODEC = new EventCodec(
            EventTypes.builder().add(ItemAdded.class, "bench.ItemAdded.v1").build(), EventSerializer.jackson());
    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private EventStoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("CQRS_POSTGRES_URL");
        EmbeddedPostgres embedded = null;
        String jdbcUrl;
        if (url != null && !url.isBlank()) {
            jdbcUrl = url;
        } else {
            Path data = Files.createTempDirectory("cqrs-bench-es-");
            embedded = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_connections", "100")
                    .start();
            jdbcUrl = embedded.getJdbcUrl("postgres", "postgres");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(8);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Jdbi jdbi = Jdbi.create(pool);
            EventStoreSchema.install(jdbi);
            jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id BIGSERIAL PRIMARY KEY)"));
            jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bench_carts (cart TEXT PRIMARY KEY,"
                    + " items BIGINT NOT NULL)"));
            String settings = jdbi.withHandle(h -> h.createQuery("SELECT version() || ' | fsync=' ||"
                    + " current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')")
                    .mapTo(String.class).one());
            System.out.println(settings);
            System.out.println("JVM " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                    + " CPUs");
            EventStore store = new EventStore(new JdbiTransactionBoundary(jdbi), CODEC);
            Duration run = Duration.ofSeconds(Long.getLong("seconds", 5));

            long commits = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < run.toNanos()) {
                jdbi.useHandle(h -> h.execute("INSERT INTO bench_ceiling DEFAULT VALUES"));
                commits++;
            }
            report("commit ceiling, 1 client (single-row insert)", commits, start);

            long appended = 0;
            start = System.nanoTime();
            while (System.nanoTime() - start < run.toNanos()) {
                String stream = "Cart:" + UUID.randomUUID();
                store.append(stream, ExpectedVersion.noStream(), events(stream, 0, 1));
                appended++;
            }
            report("append, 1 client, 1 event per transaction", appended, start);

            appended = 0;
            start = System.nanoTime();
            String batched = "Cart:" + UUID.randomUUID();
            long version = 0;
            while (System.nanoTime() - start < run.toNanos()) {
                store.append(batched, ExpectedVersion.exactly(version), events(batched, version, 100));
                version += 100;
                appended += 100;
            }
            report("append, 1 client, 100 events per transaction", appended, start);

            int backlog = Integer.getInteger("backlog", 100_000);
            AppendResult last = null;
            for (int i = 0; i < backlog / 500; i++) {
                String stream = "Cart:" + UUID.randomUUID();
                last = store.append(stream, ExpectedVersion.noStream(), events(stream, 0, 500));
            }
            long total = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_events").mapTo(Long.class).one());
            for (String mode : List.of("no-op handler", "read model upsert")) {
                Subscription.Builder builder = Subscription.builder("bench-" + mode.replace(' ', '-'));
                if (mode.startsWith("no-op")) {
                    builder.on(ItemAdded.class, (event, metadata, handle) -> { });
                } else {
                    builder.on(ItemAdded.class, (event, metadata, handle) -> handle.execute(
                            "INSERT INTO bench_carts (cart, items) VALUES (?, 1)"
                                    + " ON CONFLICT (cart) DO UPDATE SET items = bench_carts.items + 1", event.cart()));
                }
                Subscriptions subscriptions = Subscriptions.builder(jdbi, CODEC).add(builder.build())
                        .config(SubscriptionsConfig.builder().batchSize(Integer.getInteger("batch", 1_000)).build())
                        .build();
                start = System.nanoTime();
                subscriptions.start();
                boolean done = subscriptions.awaitPosition("bench-" + mode.replace(' ', '-'), last.position(),
                        Duration.ofMinutes(10));
                report("catch-up of " + total + " events, " + mode + (done ? "" : " (TIMED OUT)"), total, start);
                subscriptions.stop();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static List<EventMessage<ItemAdded>> events(String cart, long from, int count) {
        List<EventMessage<ItemAdded>> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(new EventMessage<>(new ItemAdded(cart, from + i, "sku-" + (i % 97), 1 + i % 5),
                    METADATA.root()));
        }
        return events;
    }

    private static void report(String what, long count, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-60s %,10d in %6.2f s = %,10.0f /s%n", what, count, seconds, count / seconds);
    }
}
