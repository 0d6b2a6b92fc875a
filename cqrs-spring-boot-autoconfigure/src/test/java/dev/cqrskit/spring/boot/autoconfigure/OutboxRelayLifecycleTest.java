package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay is built off the context's startup thread, and stopping or failing while it is built is handled. */
class OutboxRelayLifecycleTest {

    /** Refuses every connection at once: a started relay's worker reports a reconnect. */
    private static final Jdbi NO_DATABASE = Jdbi.create("jdbc:postgresql://127.0.0.1:1/unused");

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch reconnected = new CountDownLatch(1);
    private final RelayListener listener = new RelayListener() {
        @Override
        public void onReconnect(Throwable cause, Duration pause) {
            reconnected.countDown();
        }
    };
    private OutboxRelayLifecycle lifecycle;

    @AfterEach
    void stop() {
        release.countDown();
        if (lifecycle != null) {
            lifecycle.stop();
        }
    }

    private OutboxRelayLifecycle lifecycle(Supplier<Jdbi> jdbi) {
        lifecycle = new OutboxRelayLifecycle(jdbi, batch -> List.of(), new CqrsOutboxRelayProperties(true, 500, 1,
                Duration.ofSeconds(1), true, 10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ZERO),
                listener);
        return lifecycle;
    }

    private Jdbi afterRelease() {
        try {
            release.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return NO_DATABASE;
    }

    private static void awaitStartThread() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("cqrs-outbox-relay-start")) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    @Test
    void startReturnsBeforeTheRelayIsBuiltAndTheRelayRunsOnceItIs() throws Exception {
        OutboxRelayLifecycle relay = lifecycle(this::afterRelease);

        // when: the Jdbi is not ready yet
        relay.start();

        // then
        assertThat(relay.isRunning()).as("running while being built, so the context stops it").isTrue();
        assertThat(reconnected.getCount()).as("no relay worker yet").isEqualTo(1);

        // and when the Jdbi is ready
        release.countDown();

        // then a relay worker runs (and, without a database, reports reconnecting)
        assertThat(reconnected.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.isRunning()).isTrue();
        assertThat(relay.startFailure()).isEmpty();
    }

    @Test
    void stopWhileTheRelayIsBuiltMeansItNeverStarts() throws Exception {
        OutboxRelayLifecycle relay = lifecycle(this::afterRelease);
        relay.start();

        // when
        relay.stop();
        release.countDown();
        awaitStartThread();

        // then
        assertThat(relay.isRunning()).isFalse();
        assertThat(reconnected.getCount()).as("no relay worker ran").isEqualTo(1);
    }

    @Test
    void aFailedBuildIsReportedAndNotRunningAndTheNextStartTriesAgain() throws Exception {
        boolean[] fail = {true};
        OutboxRelayLifecycle relay = lifecycle(() -> {
            if (fail[0]) {
                throw new IllegalStateException("No Jdbi bean could be made");
            }
            return NO_DATABASE;
        });

        // when
        relay.start();
        awaitStartThread();

        // then
        assertThat(relay.isRunning()).isFalse();
        assertThat(relay.startFailure()).get().extracting(Throwable::getMessage)
                .isEqualTo("No Jdbi bean could be made");

        // and when started again with the cause gone
        fail[0] = false;
        relay.start();

        // then
        assertThat(reconnected.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.isRunning()).isTrue();
        assertThat(relay.startFailure()).isEmpty();
    }
}
