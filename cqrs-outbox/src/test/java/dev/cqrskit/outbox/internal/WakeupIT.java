package dev.cqrskit.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wake-up on its own, on a channel and request row of the test's own. */
class WakeupIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(dataSource -> Jdbi.create(dataSource)
            .useHandle(handle -> handle.execute("CREATE TABLE test_wakeup (id BOOLEAN PRIMARY KEY DEFAULT true,"
                    + " waiting_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity'); INSERT INTO test_wakeup DEFAULT VALUES")));

    private final Jdbi jdbi = Jdbi.create(POSTGRES.dataSource());
    private final Wakeup wakeup = new Wakeup(jdbi, new Wakeup.Settings("test-wakeup", "test_channel", "test_wakeup",
            Duration.ofSeconds(10), Backoff.of(Duration.ofMillis(1), Duration.ofMillis(10))), (cause, pause) -> { });

    @BeforeEach
    void clearTheRequest() {
        jdbi.useHandle(handle -> handle.execute("UPDATE test_wakeup SET waiting_until = '-infinity'"));
    }

    @AfterEach
    void stop() {
        wakeup.stop();
    }

    private boolean requested() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT waiting_until > now() FROM test_wakeup")
                .mapTo(Boolean.class).one());
    }

    private boolean listening() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND query = 'LISTEN test_channel'").mapTo(Long.class).one() == 1);
    }

    @Test
    void oneWorkerAsksForTheNodeAndTheOthersThatWaitAlreadyLookOnceMore() {
        // given
        wakeup.start();
        assertThat(RelayEngineIT.eventually(this::listening)).isTrue();
        try (Handle first = jdbi.open(); Handle second = jdbi.open()) {
            long seenBySecond = wakeup.generation();

            // when
            boolean firstAsked = wakeup.askToBeWoken(first);
            boolean secondAsked = wakeup.askToBeWoken(second);

            // then
            assertThat(firstAsked).as("the first idle worker writes the request").isTrue();
            assertThat(secondAsked).as("the request holds: the second does not write it again").isFalse();
            assertThat(wakeup.generation()).as("a worker that looked before the request looks again")
                    .isGreaterThan(seenBySecond);
            assertThat(requested()).isTrue();
        }
    }

    @Test
    void aNotificationWakesTheWaitersAndClearsTheRequestSoTheNextIdleWorkerAsksAgain() throws Exception {
        // given
        wakeup.start();
        assertThat(RelayEngineIT.eventually(this::listening)).isTrue();
        try (Handle worker = jdbi.open()) {
            assertThat(wakeup.askToBeWoken(worker)).isTrue();
            long seen = wakeup.generation();

            // when
            jdbi.useHandle(handle -> handle.createQuery("SELECT pg_notify('test_channel', '')").mapToMap().one());
            wakeup.await(seen, RelayEngineIT.LIVENESS.toMillis());

            // then
            assertThat(wakeup.generation()).as("woken by the notification").isGreaterThan(seen);
            assertThat(RelayEngineIT.eventually(() -> !requested())).as("the request is cleared").isTrue();
            assertThat(wakeup.askToBeWoken(worker)).as("the next idle worker asks again").isTrue();
        }
    }

    @Test
    void withoutAChannelWorkersPollAndNeverWriteTheRequest() {
        Wakeup polling = new Wakeup(jdbi, new Wakeup.Settings("test-polling", null, "test_wakeup",
                Duration.ofSeconds(10), Backoff.of(Duration.ofMillis(1), Duration.ofMillis(10))), (cause, pause) -> { });
        polling.start();
        try (Handle worker = jdbi.open()) {
            assertThat(polling.askToBeWoken(worker)).isFalse();
            assertThat(requested()).isFalse();
        } finally {
            polling.stop();
        }
    }
}
