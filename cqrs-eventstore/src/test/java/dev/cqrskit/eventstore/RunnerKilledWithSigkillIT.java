package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscription runners in child JVMs, one active and one standby, while writers append: the active one is killed
 * with SIGKILL in the middle of a batch (its read-model writes done, its transaction open), three times; each time
 * the standby takes over and a fresh standby JVM starts. The read model, written in the checkpoint's transaction,
 * ends with every event exactly once and every stream in version order.
 */
class RunnerKilledWithSigkillIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final int KILLS = 3;
    private static final int STREAMS = 30;
    /** Most appends per writer (1 to 3 events each), a bounded backlog on a busy machine too. */
    private static final int APPENDS = 400;
    /** The stream the test appends to itself while it holds the gate. */
    private static final String GATE_STREAM = "killed:gate";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Liveness bound for a takeover; the standby retries the lock every 100 ms, the figure is printed. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    @TempDir
    Path logs;

    private final Map<Process, String> children = new LinkedHashMap<>();

    @Test
    void runnersKilledMidBatchMissNothingReorderNothingAndDoubleNothing() throws Exception {
        // given: writers appending to 30 streams, a runner JVM active and another standby
        PostgresDatabase database = POSTGRES.database();
        try (HikariDataSource pool = EventStoreFixtures.pooled(database)) {
            Jdbi jdbi = EventStoreFixtures.aDatabase(pool);
            jdbi.useHandle(handle -> {
                handle.execute("CREATE TABLE killed_effects (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " stream TEXT NOT NULL, n BIGINT NOT NULL)");
                handle.execute("CREATE TABLE killed_counters (stream TEXT PRIMARY KEY, handled BIGINT NOT NULL)");
            });
            EventStore store = new EventStore(new JdbiTransactionBoundary(jdbi), CODEC);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            List<Long> takeovers = new ArrayList<>();
            try {
                for (int w = 0; w < 3; w++) {
                    running.add(writers.submit(() -> write(store, writing)));
                }
                Process active = startRunner(database);
                String activeName = name(active);
                await("the first runner holds the lock", () -> lockHolder(jdbi).equals(Optional.of(activeName)));
                Process standby = startRunner(database);

                // when: KILLS times, stop the active runner's batch at the gate and kill its JVM there
                for (int kill = 1; kill <= KILLS; kill++) {
                    long before = effects(jdbi);
                    await("the active runner handles 100 more events", () -> effects(jdbi) >= before + 100);
                    String victim = name(active);
                    try (Handle gate = jdbi.open()) {
                        gate.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(4242, 1)) AS g")
                                .mapTo(Integer.class).one();
                        // Work for the batch to stop at, even if the writers are done on a fast machine.
                        store.append(GATE_STREAM, ExpectedVersion.exactly(kill - 1), notes(GATE_STREAM, kill, 1));
                        await(victim + "'s batch waits at the gate with its writes done",
                                () -> waitingAtGate(jdbi).equals(Optional.of(victim)));
                        active.destroyForcibly();
                        assertThat(active.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        assertThat(active.exitValue()).as("%s killed by SIGKILL", victim).isEqualTo(128 + 9);
                        gate.createQuery("SELECT pg_advisory_unlock(4242, 1)").mapTo(Boolean.class).one();
                    }
                    long killedAt = System.nanoTime();
                    String heir = name(standby);
                    await(heir + " takes over from " + victim, TAKEOVER,
                            () -> lockHolder(jdbi).equals(Optional.of(heir)));
                    takeovers.add((System.nanoTime() - killedAt) / 1_000_000L);
                    active = standby;
                    standby = startRunner(database);
                }
                long after = effects(jdbi);
                await("the last runner handles 100 more events", () -> effects(jdbi) >= after + 100);
            } finally {
                writing.set(false);
                writers.shutdown();
            }
            for (Future<?> writer : running) {
                writer.get(1, TimeUnit.MINUTES);
            }
            long head = jdbi.withHandle(handle -> handle.createQuery("SELECT max(position) FROM cqrs_events")
                    .mapTo(Long.class).one());
            Subscriptions operations = Subscriptions.builder(jdbi, CODEC).build();
            assertThat(operations.awaitPosition(RunnerProcess.ID, head, WAIT)).as("caught up to %s", head).isTrue();
            System.out.println("RunnerKilledWithSigkillIT: takeovers after SIGKILL in ms " + takeovers + ", "
                    + effects(jdbi) + " effects");

            // then: the read model holds every stored event once, each stream in version order
            Map<String, Long> versions = new HashMap<>();
            Map<String, List<Long>> delivered = new LinkedHashMap<>();
            Map<String, Long> counters = new HashMap<>();
            jdbi.useHandle(handle -> {
                handle.createQuery("SELECT stream_id, version FROM cqrs_streams")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(row -> versions.put(row.getKey(), row.getValue()));
                handle.createQuery("SELECT stream, n FROM killed_effects ORDER BY seq")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(row -> delivered.computeIfAbsent(row.getKey(), s -> new ArrayList<>())
                                .add(row.getValue()));
                handle.createQuery("SELECT stream, handled FROM killed_counters")
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(row -> counters.put(row.getKey(), row.getValue()));
            });
            assertThat(versions).hasSize(STREAMS + 1).containsEntry(GATE_STREAM, (long) KILLS);
            assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(versions.keySet());
            for (Map.Entry<String, Long> stream : versions.entrySet()) {
                List<Long> expected = new ArrayList<>();
                for (long n = 1; n <= stream.getValue(); n++) {
                    expected.add(n);
                }
                assertThat(delivered.get(stream.getKey()))
                        .as("effects of %s, in delivery order: none missed, reordered or doubled", stream.getKey())
                        .containsExactlyElementsOf(expected);
                assertThat(counters.get(stream.getKey())).as("counter of %s", stream.getKey())
                        .isEqualTo(stream.getValue());
            }
            SubscriptionStatus status = operations.status(RunnerProcess.ID).orElseThrow();
            assertThat(status.failure()).isEmpty();
            assertThat(status.lag()).isZero();
            assertThat(takeovers).hasSize(KILLS);
        } finally {
            for (Process child : children.keySet()) {
                child.destroyForcibly();
                child.waitFor();
            }
        }
    }

    /** Appends 1 to 3 events at a time to random streams, with expected versions, until told to stop (or APPENDS). */
    private static Void write(EventStore store, AtomicBoolean writing) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < APPENDS && writing.get(); i++) {
            String stream = "killed:" + random.nextInt(STREAMS);
            long version = store.version(stream);
            try {
                store.append(stream, ExpectedVersion.exactly(version), notes(stream, version + 1,
                        1 + random.nextInt(3)));
            } catch (ConcurrencyConflictException lost) {
                // another writer appended first; the next round reads the new version
            }
            Thread.sleep(10);
        }
        return null;
    }

    private Process startRunner(PostgresDatabase database) throws IOException {
        String node = "runner-" + (children.size() + 1);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), RunnerProcess.class.getName(),
                database.jdbcUrl(), database.user(), Objects.toString(database.password(), ""), node)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(node + ".log").toFile())
                .start();
        children.put(child, node);
        return child;
    }

    /** The node name a child was started with. */
    private String name(Process child) {
        return children.get(child);
    }

    /** The node whose connection holds the subscription's lock, if any. */
    private static Optional<String> lockHolder(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT a.application_name FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.objsubid = 1 AND l.classid::bigint = ((" + SubscriptionLock.KEY + ") >> 32)"
                        + " & 4294967295 AND l.objid::bigint = (" + SubscriptionLock.KEY + ") & 4294967295")
                .bind("id", RunnerProcess.ID).mapTo(String.class).findOne());
    }

    /** The node whose batch waits at the gate after writing (it holds a transaction id), if any. */
    private static Optional<String> waitingAtGate(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT application_name FROM pg_stat_activity"
                        + " WHERE application_name LIKE 'runner-%' AND wait_event_type = 'Lock'"
                        + " AND wait_event = 'advisory' AND backend_xid IS NOT NULL")
                .mapTo(String.class).findFirst());
    }

    private static long effects(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM killed_effects")
                .mapTo(Long.class).one());
    }

    private void await(String what, BooleanSupplier condition) throws IOException {
        await(what, WAIT, condition);
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder output = new StringBuilder();
                try (var files = Files.list(logs)) {
                    for (Path log : files.sorted().toList()) {
                        output.append("\n--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
                    }
                }
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what + output);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
