package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How followers are woken: the runners of one node share one LISTEN connection, a killed listening connection comes
 * back without leaving a subscription to its poll interval, and the lock connection has server-side keepalives.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionWakeupIT {

    /** Longer than any wait below: a delivery within a wait was woken, not polled. */
    private static final Duration POLL = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LISTENERS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            + " AND query = 'LISTEN cqrs_events'";

    private static HikariDataSource pool;
    private static Jdbi jdbi;
    private static EventStore store;

    private final String p = UUID.randomUUID().toString().substring(0, 8) + ":";
    private Subscriptions subscriptions;

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        jdbi = EventStoreFixtures.aDatabase(pool);
        store = new EventStore(new JdbiTransactionBoundary(jdbi), CODEC);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @AfterEach
    void stop() {
        if (subscriptions != null) {
            subscriptions.stop();
        }
    }

    private Subscriptions start(String... ids) {
        Subscriptions.Builder builder = Subscriptions.builder(jdbi, CODEC).config(SubscriptionsConfig.builder()
                .pollInterval(POLL).lockRetryInterval(Duration.ofMillis(50)).node("node-" + p).build());
        for (String id : ids) {
            builder.add(Subscription.builder(p + id).startAt(StartPosition.END).on(Noted.class,
                    (event, metadata, handle) -> handle.execute("INSERT INTO seen (subscription, stream, n)"
                            + " VALUES (?, ?, ?)", id, event.stream(), event.n())).build());
        }
        subscriptions = builder.build();
        subscriptions.start();
        for (String id : ids) {
            await(id + " is active and has its row",
                    () -> subscriptions.isActive(p + id) && subscriptions.status(p + id).isPresent());
        }
        return subscriptions;
    }

    private long seen(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM seen WHERE subscription = :id"
                + " AND stream LIKE :p").bind("id", id).bind("p", p + "%").mapTo(Long.class).one());
    }

    private static List<Integer> listeners() {
        return jdbi.withHandle(handle -> handle.createQuery(LISTENERS).mapTo(Integer.class).list());
    }

    private static void await(String what, BooleanSupplier condition) {
        EventStoreFixtures.await(what, WAIT, condition);
    }

    @Test
    void theRunnersOfOneNodeShareOneListeningConnectionAndAllWakeOnAnAppend() {
        // given
        start("a", "b", "c");

        // when
        await("the listener connected", () -> !listeners().isEmpty());

        // then
        assertThat(listeners()).as("backends listening on cqrs_events").hasSize(1);
        store.append(p + "s", ExpectedVersion.noStream(), notes(p + "s", 1, 1));
        await("every runner saw the append", () -> seen("a") == 1 && seen("b") == 1 && seen("c") == 1);
    }

    @Test
    void wakesOnAnAppendAfterItsListeningConnectionWasKilled() {
        // given
        start("killed");
        await("the listener connected", () -> listeners().size() == 1);
        int killed = listeners().get(0);
        store.append(p + "before", ExpectedVersion.noStream(), notes(p + "before", 1, 1));
        await("the append before the kill is seen", () -> seen("killed") == 1);

        // when
        jdbi.useHandle(handle -> handle.createQuery("SELECT pg_terminate_backend(:pid)").bind("pid", killed)
                .mapTo(Boolean.class).one());
        store.append(p + "during", ExpectedVersion.noStream(), notes(p + "during", 1, 1));

        // then
        await("the append while reconnecting is seen", () -> seen("killed") == 2);
        await("a new listener connected", () -> listeners().size() == 1 && listeners().get(0) != killed);
        store.append(p + "after", ExpectedVersion.noStream(), notes(p + "after", 1, 1));
        await("the append after the reconnect is seen", () -> seen("killed") == 3);
    }

    @Test
    void theLockConnectionHasServerSideKeepalivesAndGoesBackToThePoolWithout() {
        // given
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pool.getJdbcUrl());
        config.setUsername(pool.getUsername());
        config.setPassword(pool.getPassword());
        config.setMaximumPoolSize(1);
        try (HikariDataSource single = new HikariDataSource(config)) {
            Jdbi oneConnection = Jdbi.create(single);
            Map<String, Object> before = oneConnection.withHandle(SubscriptionWakeupIT::keepalives);
            assertThat(before.get("client")).as("a TCP connection: on a Unix socket the keepalives read 0")
                    .isNotNull();

            // when
            Map<String, Object> held;
            try (SubscriptionLock lock = SubscriptionLock.tryAcquire(oneConnection, p + "keepalive")) {
                assertThat(lock).isNotNull();
                held = keepalives(lock.handle());
            }

            // then
            assertThat(held).containsEntry("idle", "10").containsEntry("interval", "5")
                    .containsEntry("count", "4").containsEntry("user_timeout", "30000");
            assertThat(oneConnection.withHandle(SubscriptionWakeupIT::keepalives)).isEqualTo(before);
        }
    }

    private static Map<String, Object> keepalives(Handle handle) {
        return handle.createQuery("SELECT host(inet_client_addr()) AS client,"
                + " current_setting('tcp_keepalives_idle') AS idle,"
                + " current_setting('tcp_keepalives_interval') AS interval,"
                + " current_setting('tcp_keepalives_count') AS count,"
                + " current_setting('tcp_user_timeout') AS user_timeout").mapToMap().one();
    }
}
