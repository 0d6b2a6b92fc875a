package dev.cqrskit.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine on its own, with a claim/process function other than the outbox relay's. */
class RelayEngineIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install);

    static final Duration LIVENESS = Duration.ofSeconds(30);

    private final Jdbi jdbi = Jdbi.create(POSTGRES.dataSource());
    private final List<Throwable> restarts = new CopyOnWriteArrayList<>();

    private RelayEngine engine(RelayEngine.Batch batch) {
        RelayEngine.Settings settings = new RelayEngine.Settings("test-engine", 1, Duration.ofMillis(20),
                "cqrs_outbox", "cqrs_outbox_wakeup", Duration.ofSeconds(5),
                Backoff.of(Duration.ofMillis(1), Duration.ofMillis(10)),
                new SessionTimeouts(Duration.ofMillis(1_234), Duration.ofMillis(5_678), Duration.ofMillis(9_012)));
        return new RelayEngine(jdbi, settings, batch, (cause, pause) -> restarts.add(cause));
    }

    @Test
    void aWorkerThatThrowsAnErrorIsReportedAndStartsAgain() {
        // given
        AtomicInteger runs = new AtomicInteger();
        RelayEngine engine = engine(handle -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("a bug in the batch");
            }
            return 0;
        });

        // when
        engine.start();
        try {
            // then
            assertThat(eventually(() -> runs.get() >= 3)).isTrue();
            assertThat(engine.isRunning()).isTrue();
        } finally {
            engine.stop();
        }
        assertThat(restarts).singleElement().isInstanceOf(AssertionError.class);
        assertThat(engine.isRunning()).isFalse();
    }

    @Test
    void runsItsBatchesOnConnectionsWithTheSessionTimeoutsSet() {
        List<Map<String, Object>> settings = new CopyOnWriteArrayList<>();
        RelayEngine engine = engine(handle -> {
            if (settings.isEmpty()) {
                settings.add(handle.createQuery("SELECT current_setting('lock_timeout') AS lock,"
                        + " current_setting('statement_timeout') AS statement,"
                        + " current_setting('idle_in_transaction_session_timeout') AS idle,"
                        + " current_setting('synchronous_commit') AS sync").mapToMap().one());
            }
            return 0;
        });

        engine.start();
        try {
            assertThat(eventually(() -> !settings.isEmpty())).isTrue();
        } finally {
            engine.stop();
        }

        assertThat(settings.get(0)).containsEntry("lock", "1234ms").containsEntry("statement", "5678ms")
                .containsEntry("idle", "9012ms").containsEntry("sync", "off");
    }

    @Test
    void startsAgainAfterItWasStopped() {
        AtomicInteger runs = new AtomicInteger();
        RelayEngine engine = engine(handle -> {
            runs.incrementAndGet();
            return 0;
        });

        assertThat(engine.start()).isTrue();
        assertThat(engine.start()).as("a second start while running").isFalse();
        engine.stop();
        int afterStop = runs.get();
        assertThat(engine.isRunning()).isFalse();
        assertThat(engine.start()).isTrue();
        try {
            assertThat(eventually(() -> runs.get() > afterStop)).isTrue();
            assertThat(engine.isRunning()).isTrue();
        } finally {
            engine.stop();
        }
    }

    static boolean eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
