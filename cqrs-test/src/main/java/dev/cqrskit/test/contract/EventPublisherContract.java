package dev.cqrskit.test.contract;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link EventPublisher} as a JUnit 5 test: extend it once per publisher (in-memory, EventBridge,
 * Kafka), so every publisher the relay drives keeps the same promises.
 *
 * <pre>{@code
 * class EventBridgePublisherContractIT extends EventPublisherContract {
 *     protected EventPublisher publisher() { return publisher; }
 *     protected List<UUID> received() { return messageIdsIn(emulator.events()); }
 *     protected void failRetryably(UUID messageId) {
 *         emulator.injectFaults(emulator.faults().toBuilder().throttleEntriesContaining(messageId.toString()).build());
 *     }
 *     protected void failSystemically(boolean on) {
 *         emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(on).build());
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks, from {@link EventPublisher}'s javadoc: exactly one outcome per event, each naming its message
 * id; the events of one key reach the broker in batch order; once an event of a key fails, the later events of that
 * key in the batch are not published (they come back retryable or systemic) while other keys go on; a fault of the
 * deployment comes back as {@link PublishOutcome.SystemicFailure} or retryable, never as a permanent failure, so the
 * relay parks nothing for it, and publishing works again once it is fixed. Each test uses fresh message ids. The
 * contract class is not threadsafe; JUnit makes one instance per test.
 *
 * @since 0.1.0
 */
public abstract class EventPublisherContract {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Creates the contract test; subclasses are JUnit test classes. */
    protected EventPublisherContract() {
    }

    /** @return the publisher under test */
    protected abstract EventPublisher publisher();

    /** @return the message ids the broker has received so far, in the order it received them */
    protected abstract List<UUID> received();

    /**
     * Makes the broker refuse one event with a retryable error (throttling, a 5xx) the next time it is published.
     *
     * @param messageId the event's message id
     */
    protected abstract void failRetryably(UUID messageId);

    /**
     * Makes every call fail, or stop failing, the way a fault of the deployment does (credentials, permissions).
     *
     * @param on whether calls fail
     */
    protected abstract void failSystemically(boolean on);

    /**
     * Returns an event the publisher can publish; override to match a publisher's mapping.
     *
     * @param key the ordering key
     * @param seq its position in the key, for the payload
     * @return the event
     */
    protected SerializedEvent anEvent(String key, int seq) {
        Metadata metadata = Metadata.root(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"));
        return new SerializedEvent(eventType(), key, "{\"key\":\"" + key + "\",\"seq\":" + seq + "}", metadata);
    }

    /** @return the type name of the events {@link #anEvent} makes; override to match a publisher's mapping */
    protected String eventType() {
        return "contract.Published.v1";
    }

    private List<SerializedEvent> batch(int keys, int perKey) {
        List<SerializedEvent> batch = new ArrayList<>();
        String run = Long.toString(SEQUENCE.incrementAndGet());
        for (int seq = 1; seq <= perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                batch.add(anEvent("key-" + run + "-" + k, seq));
            }
        }
        return batch;
    }

    private static Map<UUID, PublishOutcome> byMessage(List<PublishOutcome> outcomes) {
        Map<UUID, PublishOutcome> map = new HashMap<>();
        outcomes.forEach(o -> map.put(o.messageId(), o));
        return map;
    }

    @Test
    void returnsExactlyOneOutcomePerEventNamingItsMessageId() {
        List<SerializedEvent> batch = batch(5, 4);

        List<PublishOutcome> outcomes = publisher().publish(batch);

        assertThat(outcomes).hasSize(batch.size());
        assertThat(outcomes).extracting(PublishOutcome::messageId)
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(SerializedEvent::messageId).toList());
        assertThat(outcomes).allMatch(o -> o instanceof PublishOutcome.Published);
    }

    @Test
    void deliversTheEventsOfEachKeyInBatchOrder() {
        List<SerializedEvent> batch = batch(4, 5);

        publisher().publish(batch);

        Map<String, List<UUID>> expected = new LinkedHashMap<>();
        Map<UUID, String> keyOf = new HashMap<>();
        for (SerializedEvent event : batch) {
            expected.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.messageId());
            keyOf.put(event.messageId(), event.key());
        }
        Map<String, List<UUID>> actual = new LinkedHashMap<>();
        for (UUID id : received()) {
            String key = keyOf.get(id);
            if (key != null) {
                actual.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void keepsTheLaterEventsOfAKeyBackAfterOneFailsWhileOtherKeysGoOn() {
        // given three events of a failing key and three of a healthy one
        SerializedEvent first = anEvent("failing-" + SEQUENCE.incrementAndGet(), 1);
        SerializedEvent second = anEvent(first.key(), 2);
        SerializedEvent third = anEvent(first.key(), 3);
        String healthyKey = "healthy-" + SEQUENCE.incrementAndGet();
        List<SerializedEvent> healthy = List.of(anEvent(healthyKey, 1), anEvent(healthyKey, 2),
                anEvent(healthyKey, 3));
        failRetryably(second.messageId());

        // when
        Map<UUID, PublishOutcome> outcomes = byMessage(publisher().publish(List.of(first, healthy.get(0), second,
                healthy.get(1), third, healthy.get(2))));

        // then
        assertThat(outcomes.get(first.messageId())).isInstanceOf(PublishOutcome.Published.class);
        assertThat(outcomes.get(second.messageId())).isNotInstanceOf(PublishOutcome.Published.class)
                .isNotInstanceOf(PublishOutcome.PermanentFailure.class);
        assertThat(outcomes.get(third.messageId())).isNotInstanceOf(PublishOutcome.Published.class);
        assertThat(received()).doesNotContain(third.messageId());
        healthy.forEach(e -> assertThat(outcomes.get(e.messageId())).isInstanceOf(PublishOutcome.Published.class));
    }

    @Test
    void reportsAFaultOfTheDeploymentWithoutAPermanentFailureAndRecoversWhenItIsFixed() {
        List<SerializedEvent> batch = batch(3, 2);
        failSystemically(true);
        List<PublishOutcome> during;
        try {
            during = publisher().publish(batch);
        } finally {
            failSystemically(false);
        }

        assertThat(during).hasSize(batch.size());
        assertThat(during).noneMatch(o -> o instanceof PublishOutcome.PermanentFailure)
                .noneMatch(o -> o instanceof PublishOutcome.Published);
        assertThat(during).anyMatch(o -> o instanceof PublishOutcome.SystemicFailure);

        List<PublishOutcome> after = publisher().publish(batch);
        assertThat(after).allMatch(o -> o instanceof PublishOutcome.Published);
    }
}
