package dev.cqrskit.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * A subscription runner in its own JVM, for {@link RunnerKilledWithSigkillIT}. Its handler writes a same-database
 * read model in the batch transaction: one row per event in {@code killed_effects} and a per-stream counter in
 * {@code killed_counters}; after each event's writes it passes the test's gate (a shared advisory lock), so the test
 * can hold a batch open, with effects written and not committed, and kill the JVM right there. Arguments: JDBC URL,
 * user, password, node name (also the connections' {@code ApplicationName}).
 */
public final class RunnerProcess {

    /** The subscription's id. */
    static final String ID = "killed-runner-model";
    /** The gate: the test holds it exclusively to stop batches mid-way; handlers take it shared. */
    static final String GATE = "pg_advisory_xact_lock_shared(4242, 1)";

    private RunnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[0] + (args[0].contains("?") ? "&" : "?") + "ApplicationName=" + args[3]);
        pool.setUsername(args[1]);
        pool.setPassword(args[2]);
        pool.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            Subscriptions subscriptions = Subscriptions.builder(Jdbi.create(dataSource), EventStoreFixtures.CODEC)
                    .add(subscription())
                    .config(SubscriptionsConfig.builder().batchSize(50).pollInterval(Duration.ofMillis(50))
                            .lockRetryInterval(Duration.ofMillis(100)).node(args[3]).build())
                    .build();
            subscriptions.start();
            // Runs until killed; a bounded lifetime keeps a forgotten child from living forever.
            Thread.sleep(Duration.ofMinutes(3).toMillis());
            subscriptions.stop();
        }
    }

    static Subscription subscription() {
        return Subscription.builder(ID).on(Noted.class, (event, metadata, handle) -> {
            handle.execute("INSERT INTO killed_effects (stream, n) VALUES (?, ?)", event.stream(), event.n());
            handle.execute("INSERT INTO killed_counters (stream, handled) VALUES (?, 1) ON CONFLICT (stream)"
                    + " DO UPDATE SET handled = killed_counters.handled + 1", event.stream());
            handle.createQuery("SELECT 1 FROM (SELECT " + GATE + ") AS gate").mapTo(Integer.class).one();
        }).build();
    }
}
