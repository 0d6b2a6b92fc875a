package dev.cqrskit.outbox;

import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The relay keeps going whatever the publisher or another session does: the faults of issue 10 and systemic ones. */
class RelayFaultsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    /** Fast retries and polls, and attempts enough that nothing parks by accident. */
    private static final OutboxRelayConfig QUICK = OutboxRelayConfig.builder()
            .pollInterval(Duration.ofMillis(50))
            .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50))
            .maxAttempts(1_000)
            .build();

    private Jdbi jdbi;
    private final RecordingRelayListener listener = new RecordingRelayListener();
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
    }

    @AfterEach
    void releaseHungPublishers() {
        endOfTest.countDown();
    }

    private void append(String key, int... seqs) {
        List<EventMessage<Counted>> messages = new ArrayList<>();
        for (int seq : seqs) {
            messages.add(aCounted(key, seq));
        }
        jdbi.useTransaction(h -> OUTBOX.append(h, key, messages));
    }


    @Test
    void aPublisherThatNeverReturnsDoesNotHoldOtherKeys() throws Exception {
        // given: a broker call that carries key "stuck" never returns (until interrupted)
        RecordingPublisher healthy = new RecordingPublisher();
        List<Thread> hung = new CopyOnWriteArrayList<>();
        EventPublisher hangsOnStuck = batch -> {
            if (batch.stream().anyMatch(event -> event.key().equals("stuck"))) {
                hung.add(Thread.currentThread());
                try {
                    endOfTest.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("interrupted while hanging");
            }
            return healthy.publish(batch);
        };
        append("stuck", 1, 2);
        for (int k = 0; k < 20; k++) {
            append("other-" + k, 1, 2, 3);
        }
        OutboxRelay relay = new OutboxRelay(jdbi, hangsOnStuck, QUICK.toBuilder()
                .publishDeadline(Duration.ofMillis(200)).build(), listener);

        // when
        try (relay) {
            relay.start();

            // then
            assertThat(eventually(LIVENESS, () -> healthy.delivered() == 60))
                    .as("the 60 events of the other keys, published while key 'stuck' hangs").isTrue();
            assertThat(relay.isRunning()).isTrue();
        }
        for (int k = 0; k < 20; k++) {
            assertThat(healthy.deliveriesOf("other-" + k)).containsExactly(1, 2, 3);
        }
        assertThat(count(jdbi, "ordering_key = 'stuck' AND parked_at IS NULL")).isEqualTo(2);
        assertThat(listener.callFailures).hasAtLeastOneElementOfType(TimeoutException.class);
        assertThat(hung).isNotEmpty();
        assertThat(eventually(LIVENESS, () -> hung.stream().noneMatch(Thread::isAlive)))
                .as("the hung calls' threads end once the relay is closed: none can still publish").isTrue();
    }

    @Test
    void aLatePublishAfterTheDeadlineIsDiscardedAndKeyOrderHolds() {
        // given: the first call answers "published" only long after its deadline, ignoring the interrupt
        RecordingPublisher recorder = new RecordingPublisher();
        AtomicBoolean first = new AtomicBoolean(true);
        EventPublisher lateOnce = batch -> {
            if (first.getAndSet(false)) {
                long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ignored) {
                        // a broker client that does not care
                    }
                }
            }
            return recorder.publish(batch);
        };
        append("late", 1, 2, 3);

        // when
        try (OutboxRelay relay = new OutboxRelay(jdbi, lateOnce, QUICK.toBuilder()
                .publishDeadline(Duration.ofMillis(100)).build(), listener).start()) {
            assertThat(eventually(LIVENESS, () -> count(jdbi, "true") == 0 && recorder.delivered() >= 6)).isTrue();
        }

        // then: the stale call's "published" deleted nothing; the rows were published again, in order
        assertThat(recorder.deliveriesOf("late")).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(recorder.orderViolations()).isEmpty();
        assertThat(listener.callFailures).hasAtLeastOneElementOfType(TimeoutException.class);
    }

    @Test
    void anErrorFromThePublisherDoesNotStopTheRelay() {
        // given
        RecordingPublisher recorder = new RecordingPublisher();
        AtomicBoolean first = new AtomicBoolean(true);
        EventPublisher assertsOnce = batch -> {
            if (first.getAndSet(false)) {
                throw new AssertionError("a bug in the publisher");
            }
            return recorder.publish(batch);
        };
        append("k", 1, 2);

        // when
        try (OutboxRelay relay = new OutboxRelay(jdbi, assertsOnce, QUICK, listener).start()) {

            // then
            assertThat(eventually(LIVENESS, () -> recorder.delivered() == 2)).isTrue();
            assertThat(relay.isRunning()).isTrue();
        }
        assertThat(recorder.deliveriesOf("k")).containsExactly(1, 2);
        assertThat(listener.callFailures).singleElement().isInstanceOf(AssertionError.class);
        assertThat(listener.failed).singleElement().asString()
                .isEqualTo("k: retryable: publisher threw java.lang.AssertionError: a bug in the publisher");
    }

    @Test
    void aFailureReasonWithNulAndLoneSurrogatesIsStoredSanitizedAndBounded() {
        // given
        String hostile = "broker said \u0000 and \uD800 then \uDC00" + "x".repeat(10_000);
        append("k", 1);
        OutboxRelay relay = new OutboxRelay(jdbi, new RecordingPublisher(event ->
                PublishOutcome.retryable(event.messageId(), hostile)), QUICK, listener);

        // when
        int handled = relay.relayOnce();

        // then
        assertThat(handled).isEqualTo(1);
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM cqrs_outbox")
                .mapTo(String.class).one());
        assertThat(stored).startsWith("retryable: broker said \uFFFD and \uFFFD then \uFFFDxxx").hasSize(4_000);
        assertThat(count(jdbi, "attempts = 1")).isEqualTo(1);
    }

    @Test
    void aFailureTheDatabaseStillRefusesToStoreIsCountedAndParksAfterMaxAttempts() {
        // given: a constraint makes the reason itself unstorable
        jdbi.useHandle(h -> h.execute("ALTER TABLE cqrs_outbox ADD CONSTRAINT test_no_forbidden_reason"
                + " CHECK (last_error IS NULL OR last_error NOT LIKE '%forbidden%')"));
        try {
            append("k", 1);
            OutboxRelay relay = new OutboxRelay(jdbi, new RecordingPublisher(event ->
                    PublishOutcome.retryable(event.messageId(), "a forbidden reason")),
                    QUICK.toBuilder().maxAttempts(3).build());

            // when
            for (int i = 0; i < 3; i++) {
                eventually(LIVENESS, () -> relay.relayOnce() > 0);
            }

            // then
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT attempts, last_error,"
                    + " parked_at IS NOT NULL AS parked FROM cqrs_outbox").mapToMap().one());
            assertThat(row).containsEntry("attempts", 3).containsEntry("parked", true)
                    .containsEntry("last_error", "retryable: (the reason could not be stored)");
        } finally {
            jdbi.useHandle(h -> h.execute("ALTER TABLE cqrs_outbox DROP CONSTRAINT test_no_forbidden_reason"));
        }
    }

    @Test
    void aSessionHoldingTheWakeupRowDoesNotStallAnIdleRelay() {
        // given: a relay that waits, and another session that holds the wake-up row's lock
        RecordingPublisher recorder = new RecordingPublisher();
        try (OutboxRelay relay = new OutboxRelay(jdbi, recorder, QUICK.toBuilder()
                .pollInterval(Duration.ofMillis(200)).build(), listener).start();
             Handle holder = jdbi.open()) {
            append("k", 1);
            assertThat(eventually(LIVENESS, () -> recorder.delivered() == 1)).isTrue();
            holder.begin();
            holder.createQuery("SELECT * FROM cqrs_outbox_wakeup FOR UPDATE").mapToMap().list();

            // when
            for (int seq = 2; seq <= 4; seq++) {
                append("k", seq);
                int expected = seq;
                // then
                assertThat(eventually(LIVENESS, () -> recorder.delivered() == expected))
                        .as("event %s published while another session holds the wake-up row", seq).isTrue();
            }
            assertThat(relay.isRunning()).isTrue();
            holder.rollback();
        }
        assertThat(recorder.deliveriesOf("k")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aSystemicFailurePausesPublishingWithoutParkingAndResumesByItself() {
        // given: the broker refuses everything for its first five calls (say, expired credentials), then recovers
        RecordingPublisher recorder = new RecordingPublisher();
        AtomicInteger calls = new AtomicInteger();
        EventPublisher misconfigured = batch -> {
            if (calls.incrementAndGet() <= 5) {
                return batch.stream().map(event -> PublishOutcome.systemic(event.messageId(),
                        "AccessDeniedException: credentials expired")).toList();
            }
            return recorder.publish(batch);
        };
        for (int k = 0; k < 5; k++) {
            append("key-" + k, 1, 2, 3);
        }

        // when: one attempt would park a message, if systemic failures counted
        try (OutboxRelay relay = new OutboxRelay(jdbi, misconfigured, QUICK.toBuilder().maxAttempts(1).build(),
                listener).start()) {

            // then
            assertThat(eventually(LIVENESS, () -> recorder.delivered() == 15)).isTrue();
            assertThat(relay.isRunning()).isTrue();
        }
        assertThat(listener.systemic).hasSize(5).allMatch(reason -> reason.contains("credentials expired"));
        assertThat(listener.parked).isEmpty();
        assertThat(listener.failed).isEmpty();
        assertThat(new OutboxOperations(jdbi).counts().parked()).isZero();
        for (int k = 0; k < 5; k++) {
            assertThat(recorder.deliveriesOf("key-" + k)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void reportsClaimsPublishCallsPublishedFailedAndParkedToItsListener() {
        // given
        append("fine", 1, 2);
        append("flaky", 1);
        append("poison", 1);
        OutboxRelay relay = new OutboxRelay(jdbi, new RecordingPublisher(event -> switch (event.key()) {
            case "flaky" -> PublishOutcome.retryable(event.messageId(), "503");
            case "poison" -> PublishOutcome.permanent(event.messageId(), "too large");
            default -> PublishOutcome.published(event.messageId(), null);
        }), QUICK, listener);

        // when
        relay.relayOnce();

        // then
        assertThat(listener.claimed).hasValue(4);
        assertThat(listener.publishCalls).hasValue(1);
        assertThat(listener.published).hasValue(2);
        assertThat(listener.failed).containsExactly("flaky: retryable: 503");
        assertThat(listener.parked).containsExactly("poison: permanent: too large");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRelay() {
        append("k", 1);
        RecordingPublisher recorder = new RecordingPublisher();
        OutboxRelay relay = new OutboxRelay(jdbi, recorder, QUICK, new dev.cqrskit.outbox.relay.RelayListener() {
            @Override
            public void onClaimed(int rows) {
                throw new IllegalStateException("a broken meter");
            }
        });

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(recorder.deliveriesOf("k")).containsExactly(1);
    }
}
