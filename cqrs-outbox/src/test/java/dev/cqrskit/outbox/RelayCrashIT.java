package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static dev.cqrskit.outbox.OutboxFixtures.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Relays die mid-batch, repeatedly: after publishing, before their transaction commits, the database kills their
 * connections (as when a process or its host dies). Nothing is lost, order per key holds, and the only duplicates
 * are the messages of the batches that were in flight.
 */
class RelayCrashIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final int KEYS = 200;
    private static final int PER_KEY = 25;
    private static final int BATCH = 50;
    private static final int RELAYS = 3;
    private static final int WORKERS_PER_RELAY = 2;

    @Test
    void relaysKilledMidBatchLoseNothingAndKeepKeyOrder() {
        // given
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        produce(jdbi, KEYS, PER_KEY, 5);
        PGSimpleDataSource relayConnections = (PGSimpleDataSource) POSTGRES.dataSource();
        relayConnections.setApplicationName("crashing-relay");
        Jdbi relayJdbi = Jdbi.create(relayConnections);
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger killedInFlight = new AtomicInteger();
        RecordingPublisher recorder = new RecordingPublisher();
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(BATCH).concurrency(WORKERS_PER_RELAY)
                .pollInterval(Duration.ofMillis(100)).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5)).build();
        List<OutboxRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < RELAYS; i++) {
                relays.add(new OutboxRelay(relayJdbi, (List<SerializedEvent> batch) -> {
                    List<PublishOutcome> outcomes = recorder.publish(batch);
                    // Every 7th batch, up to 12 times: kill every relay connection that is inside a batch now.
                    if (batches.incrementAndGet() % 7 == 0 && kills.get() < 12) {
                        kills.incrementAndGet();
                        killedInFlight.addAndGet(killRelayConnections(jdbi));
                    }
                    return outcomes;
                }, config).start());
            }
            // when
            boolean drained = eventually(Duration.ofSeconds(120), () -> count(jdbi, "true") == 0);
            // then
            assertThat(drained).as("outbox drained; %s rows left", count(jdbi, "true")).isTrue();
        } finally {
            relays.forEach(OutboxRelay::close);
        }
        assertThat(kills.get()).as("relays were really killed").isEqualTo(12);
        assertThat(killedInFlight.get()).isGreaterThanOrEqualTo(12);
        assertThat(recorder.incompleteKeys(KEYS, PER_KEY)).as("keys missing events").isEmpty();
        assertThat(recorder.orderViolations()).isEmpty();
        assertThat(recorder.duplicates())
                .as("duplicates come only from batches in flight when killed")
                .isPositive()
                .isLessThanOrEqualTo(killedInFlight.get() * BATCH);
    }

    /** @return how many relay connections were inside a transaction and got killed */
    private static int killRelayConnections(Jdbi admin) {
        return admin.withHandle(h -> h.createQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE application_name = 'crashing-relay'"
                        + " AND state LIKE 'idle in transaction%'")
                .mapTo(Integer.class).one());
    }
}
