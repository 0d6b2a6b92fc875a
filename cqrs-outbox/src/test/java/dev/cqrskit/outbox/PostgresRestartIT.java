package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static dev.cqrskit.outbox.OutboxFixtures.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL is stopped and started while the relay works: it resumes by itself and loses nothing. */
class PostgresRestartIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final int KEYS = 100;
    private static final int PER_KEY = 40;

    @Test
    void relayResumesAfterPostgresRestartsMidRun() throws InterruptedException {
        assumeTrue(POSTGRES.isEmbedded(), "needs the embedded server, which the test can stop and start");
        // given: a backlog, and a relay whose publisher is slow enough to be mid-run when the server stops
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        produce(jdbi, KEYS, PER_KEY, 10);
        CountDownLatch halfway = new CountDownLatch(KEYS * PER_KEY / 4);
        RecordingPublisher recorder = new RecordingPublisher();
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(20).concurrency(2)
                .pollInterval(Duration.ofMillis(200)).build();
        try (OutboxRelay relay = new OutboxRelay(jdbi, (List<SerializedEvent> batch) -> {
            batch.forEach(event -> halfway.countDown());
            pause(2);
            return recorder.publish(batch);
        }, config).start()) {
            assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
            // when
            POSTGRES.stopServer();
            int deliveredWhileDown = recorder.delivered();
            pause(1500);
            POSTGRES.startServer();
            // events appended after the restart reach the relay too (its listener reconnected or it polls)
            jdbi.useTransaction(h -> OutboxFixtures.OUTBOX.append(h, "after-restart",
                    List.of(OutboxFixtures.aCounted("after-restart", 1))));
            boolean drained = eventually(Duration.ofSeconds(120),
                    () -> count(jdbi, "true") == 0 && !recorder.deliveriesOf("after-restart").isEmpty());
            // then
            assertThat(drained).as("drained after the restart; %s rows left", count(jdbi, "true")).isTrue();
            assertThat(deliveredWhileDown).isLessThan(KEYS * PER_KEY);
        }
        assertThat(recorder.incompleteKeys(KEYS, PER_KEY)).isEmpty();
        assertThat(recorder.orderViolations()).isEmpty();
        assertThat(recorder.deliveriesOf("after-restart")).containsExactly(1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
