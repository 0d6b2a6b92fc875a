package dev.cqrskit.eventbridge;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Test events with fresh ids and distinct, increasing occurred-at times. */
final class EventFixtures {

    static final Instant START = Instant.parse("2026-11-22T00:00:00.123Z");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private EventFixtures() {
    }

    static SerializedEvent anEvent(String key) {
        return anEvent("user.UserRegistered.v1", key, "{\"name\":\"" + key + "\"}");
    }

    static SerializedEvent anEvent(String type, String key, String payload) {
        return new SerializedEvent(type, key, payload, aMetadata().build());
    }

    static Metadata.Builder aMetadata() {
        return Metadata.builder().messageId(UUID.randomUUID())
                .occurredAt(START.plusMillis(SEQUENCE.incrementAndGet()));
    }

    /** A payload whose JSON text is exactly {@code bytes} long: {"p":"xxx"}. */
    static String payloadOfBytes(int bytes) {
        return "{\"p\":\"" + "x".repeat(bytes - 8) + "\"}";
    }
}
