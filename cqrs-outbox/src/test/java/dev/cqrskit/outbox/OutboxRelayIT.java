package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxRelayIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final OutboxRelayConfig FAST_RETRY = OutboxRelayConfig.builder()
            .maxAttempts(3).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
    }

    private void append(String key, int... seqs) {
        List<EventMessage<Counted>> messages = new ArrayList<>();
        for (int seq : seqs) {
            messages.add(aCounted(key, seq));
        }
        jdbi.useTransaction(h -> OUTBOX.append(h, key, messages));
    }

    private static int seqOf(SerializedEvent event) {
        return ((Counted) OUTBOX.codec().decode(event).event()).seq();
    }

    private int drain(OutboxRelay relay) {
        int total = 0;
        for (int i = 0; i < 1000; i++) {
            int handled = relay.relayOnce();
            if (handled == 0) {
                return total;
            }
            total += handled;
        }
        return total;
    }

    @Test
    void publishesCommittedEventsInOrderAndDeletesThem() {
        append("a", 1, 2, 3);
        append("b", 1);
        append("a", 4);
        RecordingPublisher publisher = new RecordingPublisher();

        int handled = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.defaults()).relayOnce();

        assertThat(handled).isEqualTo(5);
        assertThat(publisher.deliveriesOf("a")).containsExactly(1, 2, 3, 4);
        assertThat(publisher.deliveriesOf("b")).containsExactly(1);
        assertThat(count(jdbi, "true")).isZero();
    }

    @Test
    void handsThePublisherTheStoredMetadata() {
        var metadata = OutboxFixtures.metadataWithEverything();
        jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(new EventMessage<>(new Counted("k", 1), metadata))));
        List<SerializedEvent> seen = new ArrayList<>();

        new OutboxRelay(jdbi, batch -> {
            seen.addAll(batch);
            return batch.stream().map(e -> PublishOutcome.published(e.messageId(), null)).toList();
        }, OutboxRelayConfig.defaults()).relayOnce();

        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("test.Counted.v1");
            assertThat(event.key()).isEqualTo("k");
            assertThat(event.metadata().toBuilder().occurredAt(metadata.occurredAt()).build())
                    .isEqualTo(metadata.withHeader(EventCodec.SEQUENCE_HEADER,
                            event.metadata().headers().get(EventCodec.SEQUENCE_HEADER)));
        });
    }

    @Test
    void handsThePublisherAStrictlyIncreasingSequencePerKey() {
        jdbi.useTransaction(h -> OUTBOX.append(h, "a", List.of(aCounted("a", 1), aCounted("a", 2))));
        jdbi.useTransaction(h -> OUTBOX.append(h, "b", List.of(aCounted("b", 1))));
        jdbi.useTransaction(h -> OUTBOX.append(h, "a", List.of(aCounted("a", 3))));
        List<SerializedEvent> seen = new ArrayList<>();

        new OutboxRelay(jdbi, batch -> {
            seen.addAll(batch);
            return batch.stream().map(e -> PublishOutcome.published(e.messageId(), null)).toList();
        }, OutboxRelayConfig.defaults()).relayOnce();

        List<Long> sequenceOfA = seen.stream().filter(e -> e.key().equals("a"))
                .map(e -> Long.parseLong(e.metadata().headers().get(EventCodec.SEQUENCE_HEADER))).toList();
        assertThat(sequenceOfA).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(seen).filteredOn(e -> e.key().equals("b")).singleElement()
                .satisfies(e -> assertThat(e.metadata().headers()).containsKey(EventCodec.SEQUENCE_HEADER));
    }

    @Test
    void keepsKeyOrderAcrossSmallBatches() {
        append("a", 1, 2, 3, 4, 5, 6, 7);
        append("b", 1, 2, 3);
        RecordingPublisher publisher = new RecordingPublisher();

        int handled = drain(new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder().batchSize(2).build()));

        assertThat(handled).isEqualTo(10);
        assertThat(publisher.deliveriesOf("a")).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(publisher.deliveriesOf("b")).containsExactly(1, 2, 3);
    }

    @Test
    void reschedulesARetryableFailureWithBackoffAndHoldsBackOnlyItsKey() {
        append("slow", 1, 2);
        append("fine", 1, 2);
        RecordingPublisher publisher = new RecordingPublisher(event -> event.key().equals("slow") && seqOf(event) == 1
                ? PublishOutcome.retryable(event.messageId(), "throttled")
                : PublishOutcome.published(event.messageId(), null));
        OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(20)).build());

        int handled = drain(relay);

        assertThat(publisher.deliveriesOf("fine")).containsExactly(1, 2);
        assertThat(publisher.deliveriesOf("slow")).isEmpty();
        assertThat(handled).isEqualTo(4);
        Map<String, Object> head = jdbi.withHandle(h -> h.createQuery("SELECT attempts, last_error, parked_at,"
                + " next_attempt_at > now() + interval '4 minutes' AS backed_off FROM cqrs_outbox"
                + " WHERE payload->>'seq' = '1'").mapToMap().one());
        assertThat(head).containsEntry("attempts", 1).containsEntry("last_error", "retryable: throttled")
                .containsEntry("parked_at", null).containsEntry("backed_off", true);
        assertThat(count(jdbi, "payload->>'seq' = '2' AND attempts = 0")).isEqualTo(1);
        assertThat(relay.relayOnce()).isZero();
    }

    @Test
    void retriesABatchWhosePublisherThrew() {
        append("a", 1, 2);
        append("b", 1);
        boolean[] down = {true};
        RecordingPublisher healthy = new RecordingPublisher();
        OutboxRelay relay = new OutboxRelay(jdbi, batch -> {
            if (down[0]) {
                throw new IllegalStateException("broker unreachable");
            }
            return healthy.publish(batch);
        }, FAST_RETRY);

        relay.relayOnce();
        assertThat(count(jdbi, "attempts = 1 AND last_error LIKE 'retryable: publisher threw"
                + " java.lang.IllegalStateException: broker unreachable'")).isEqualTo(2);
        down[0] = false;
        eventually(LIVENESS, () -> relay.relayOnce() == 0 && count(jdbi, "true") == 0);

        assertThat(healthy.deliveriesOf("a")).containsExactly(1, 2);
        assertThat(healthy.deliveriesOf("b")).containsExactly(1);
    }

    @Nested
    class PoisonMessage {

        private final Set<UUID> broken = ConcurrentHashMap.newKeySet();
        private final RecordingPublisher publisher = new RecordingPublisher(event -> broken.contains(event.messageId())
                ? PublishOutcome.permanent(event.messageId(), "payload rejected by the broker: field 'x' too long")
                : PublishOutcome.published(event.messageId(), null));
        private OutboxOperations operations;

        @BeforeEach
        void createOperations() {
            operations = new OutboxOperations(jdbi);
        }

        private UUID poison() {
            append("poison", 1);
            EventMessage<Counted> second = aCounted("poison", 2);
            broken.add(second.metadata().messageId());
            jdbi.useTransaction(h -> OUTBOX.append(h, "poison", List.of(second, aCounted("poison", 3))));
            for (int k = 0; k < 20; k++) {
                append("other-" + k, 1, 2, 3);
            }
            return second.metadata().messageId();
        }

        @Test
        void parksItsKeyOnlyWhileOtherKeysFlow() {
            UUID poison = poison();

            drain(new OutboxRelay(jdbi, publisher, FAST_RETRY));

            assertThat(publisher.deliveriesOf("poison")).containsExactly(1);
            for (int k = 0; k < 20; k++) {
                assertThat(publisher.deliveriesOf("other-" + k)).containsExactly(1, 2, 3);
            }
            assertThat(operations.counts().parked()).isEqualTo(1);
            assertThat(operations.counts().pending()).isEqualTo(1);
            assertThat(operations.parked(10)).singleElement().satisfies(parked -> {
                assertThat(parked.messageId()).isEqualTo(poison);
                assertThat(parked.orderingKey()).isEqualTo("poison");
                assertThat(parked.eventType()).isEqualTo("test.Counted.v1");
                assertThat(parked.attempts()).isEqualTo(1);
                assertThat(parked.lastError())
                        .isEqualTo("permanent: payload rejected by the broker: field 'x' too long");
            });
        }

        @Test
        void letsOtherKeysFlowBehindAParkedKeyWithABacklogLongerThanTheClaimWindow() {
            // given: the oldest 2,500 rows (more than the claim window of 4 batches) all belong to a key whose head is parked
            EventMessage<Counted> head = aCounted("poison", 1);
            broken.add(head.metadata().messageId());
            jdbi.useTransaction(h -> OUTBOX.append(h, "poison", List.of(head)));
            List<EventMessage<Counted>> backlog = new ArrayList<>();
            for (int seq = 2; seq <= 2_500; seq++) {
                backlog.add(aCounted("poison", seq));
            }
            jdbi.useTransaction(h -> OUTBOX.append(h, "poison", backlog));
            OutboxRelay relay = new OutboxRelay(jdbi, publisher, FAST_RETRY);
            drain(relay);
            assertThat(operations.counts().parked()).isEqualTo(1);
            // when
            append("late", 1, 2);
            drain(relay);
            // then
            assertThat(publisher.deliveriesOf("late")).containsExactly(1, 2);
            assertThat(publisher.deliveriesOf("poison")).isEmpty();
            assertThat(operations.counts().pending()).isEqualTo(2_499);
        }

        @Test
        void deliversTheRestOfTheKeyInOrderWhenRetriedAfterTheFix() {
            UUID poison = poison();
            OutboxRelay relay = new OutboxRelay(jdbi, publisher, FAST_RETRY);
            drain(relay);

            broken.clear();
            assertThat(operations.retry(poison)).isTrue();
            assertThat(operations.retry(poison)).isFalse();
            drain(relay);

            assertThat(publisher.deliveriesOf("poison")).containsExactly(1, 2, 3);
            assertThat(operations.counts()).isEqualTo(new OutboxCounts(0, 0, 0, Duration.ZERO));
        }

        @Test
        void letsTheRestOfTheKeyFlowWhenDiscarded() {
            UUID poison = poison();
            OutboxRelay relay = new OutboxRelay(jdbi, publisher, FAST_RETRY);
            drain(relay);

            assertThat(operations.discard(poison)).isTrue();
            assertThat(operations.discard(poison)).isFalse();
            drain(relay);

            assertThat(publisher.deliveriesOf("poison")).containsExactly(1, 3);
            assertThat(operations.counts().parked()).isZero();
        }

        @Test
        void parksARetryableFailureAfterMaxAttemptsAndRetriesAll() {
            append("flaky", 1, 2);
            Set<String> failing = ConcurrentHashMap.newKeySet();
            failing.add("flaky");
            RecordingPublisher flaky = new RecordingPublisher(event -> failing.contains(event.key())
                    ? PublishOutcome.retryable(event.messageId(), "503 from the broker")
                    : PublishOutcome.published(event.messageId(), null));
            OutboxRelay relay = new OutboxRelay(jdbi, flaky, FAST_RETRY);

            eventually(LIVENESS, () -> {
                relay.relayOnce();
                return operations.counts().parked() == 1;
            });
            assertThat(operations.parked(10)).singleElement().satisfies(parked -> {
                assertThat(parked.attempts()).isEqualTo(3);
                assertThat(parked.lastError()).isEqualTo("retryable: 503 from the broker");
            });

            failing.clear();
            assertThat(operations.retryAll()).isEqualTo(1);
            drain(relay);
            assertThat(flaky.deliveriesOf("flaky")).containsExactly(1, 2);
        }
    }

    @Test
    void countsPendingMessagesAndTheirAge() throws InterruptedException {
        append("a", 1, 2);
        Thread.sleep(20);

        OutboxCounts counts = new OutboxOperations(jdbi).counts();

        assertThat(counts.pending()).isEqualTo(2);
        assertThat(counts.parked()).isZero();
        assertThat(counts.oldestPendingAge()).isPositive();
    }

    @Test
    void wakesUpOnNotificationWithoutPolling() {
        RecordingPublisher publisher = new RecordingPublisher();
        OutboxRelayConfig config = OutboxRelayConfig.builder().pollInterval(Duration.ofHours(1)).build();
        try (OutboxRelay relay = new OutboxRelay(jdbi, publisher, config).start()) {
            for (int seq = 1; seq <= 3; seq++) {
                // Append only once the relay waits (it asked for notifications and has looked a last time).
                assertThat(eventually(LIVENESS, () -> count(jdbi, "true") == 0 && relayWaits())).isTrue();
                pause(200);
                append("k", seq);
                int expected = seq;
                assertThat(eventually(LIVENESS, () -> publisher.delivered() == expected))
                        .as("event %s published after its notification, with a one-hour poll interval", seq)
                        .isTrue();
            }
            assertThat(relay.isRunning()).isTrue();
        }
        assertThat(publisher.deliveriesOf("k")).containsExactly(1, 2, 3);
    }

    @Test
    void startsAgainAfterItWasClosed() {
        RecordingPublisher publisher = new RecordingPublisher();
        OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .pollInterval(Duration.ofMillis(50)).build());
        relay.start();
        append("k", 1);
        assertThat(eventually(LIVENESS, () -> publisher.delivered() == 1)).isTrue();

        relay.close();
        assertThat(relay.isRunning()).isFalse();
        append("k", 2);
        relay.start();

        try (relay) {
            assertThat(relay.isRunning()).isTrue();
            assertThat(eventually(LIVENESS, () -> publisher.delivered() == 2)).isTrue();
        }
        assertThat(relay.isRunning()).isFalse();
        assertThat(publisher.deliveriesOf("k")).containsExactly(1, 2);
    }

    @Test
    void rejectsASecondStartWhileRunning() {
        try (OutboxRelay relay = new OutboxRelay(jdbi, new RecordingPublisher(), OutboxRelayConfig.defaults())) {
            relay.start();

            org.assertj.core.api.Assertions.assertThatThrownBy(relay::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("This OutboxRelay is already running. Call stop() or close() before starting it"
                            + " again.");
        }
    }

    @Test
    void pollsWhenListeningIsOff() {
        RecordingPublisher publisher = new RecordingPublisher();
        OutboxRelayConfig config = OutboxRelayConfig.builder().listen(false).pollInterval(Duration.ofMillis(50))
                .concurrency(2).build();
        try (OutboxRelay relay = new OutboxRelay(jdbi, publisher, config).start()) {
            append("k", 1, 2);
            assertThat(eventually(LIVENESS, () -> publisher.delivered() == 2)).isTrue();
        }
        assertThat(publisher.deliveriesOf("k")).containsExactly(1, 2);
    }

    @Test
    void letsTheInFlightBatchFinishOnClose() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingPublisher recorder = new RecordingPublisher();
        OutboxRelay relay = new OutboxRelay(jdbi, batch -> {
            publishing.countDown();
            await(release);
            return recorder.publish(batch);
        }, OutboxRelayConfig.builder().shutdownTimeout(Duration.ofSeconds(30)).build()).start();
        append("k", 1, 2);
        assertThat(publishing.await(30, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(relay::close);
        closer.start();
        release.countDown();
        closer.join(30_000);

        assertThat(relay.isRunning()).isFalse();
        assertThat(recorder.deliveriesOf("k")).containsExactly(1, 2);
        assertThat(count(jdbi, "true")).isZero();
    }

    @Test
    void releasesTheClaimsOfABatchStillRunningAfterTheShutdownTimeout() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutboxRelay stuck = new OutboxRelay(jdbi, batch -> {
            publishing.countDown();
            await(release);
            throw new IllegalStateException("never answers");
        }, OutboxRelayConfig.builder().shutdownTimeout(Duration.ofMillis(100)).build()).start();
        append("k", 1, 2);
        assertThat(publishing.await(30, TimeUnit.SECONDS)).isTrue();

        stuck.close();
        RecordingPublisher recorder = new RecordingPublisher();
        OutboxRelay other = new OutboxRelay(jdbi, recorder, OutboxRelayConfig.defaults());
        eventually(LIVENESS, () -> other.relayOnce() > 0);
        release.countDown();

        assertThat(recorder.deliveriesOf("k")).containsExactly(1, 2);
        assertThat(count(jdbi, "true")).isZero();
    }

    private boolean relayWaits() {
        return jdbi.withHandle(h -> h.createQuery("SELECT waiting_until > now() FROM cqrs_outbox_wakeup")
                .mapTo(Boolean.class).one());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static Function<SerializedEvent, PublishOutcome> published() {
        return event -> PublishOutcome.published(event.messageId(), null);
    }
}
