package dev.cqrskit.kafka;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Test data for the Kafka tests: a counted event, its codec, and metadata with every part set. */
final class KafkaFixtures {

    /** An event that carries its position in its key, so tests can check order. */
    record Counted(String key, int seq) implements DomainEvent {
    }

    static final EventTypes TYPES = EventTypes.builder().add(Counted.class, "test.Counted.v1").build();
    static final EventCodec CODEC = new EventCodec(TYPES, EventSerializer.jackson());
    static final Outbox OUTBOX = new Outbox(CODEC);
    static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private KafkaFixtures() {
    }

    static SerializedEvent aCounted(String key, int seq) {
        Counted event = new Counted(key, seq);
        return new SerializedEvent(CODEC.typeName(event), key, CODEC.payload(event), METADATA.root());
    }

    /** Metadata with every optional part present, for round trips. */
    static Metadata fullMetadata() {
        return Metadata.builder()
                .messageId(UUID.randomUUID())
                .correlationId(UUID.randomUUID())
                .causationId(UUID.randomUUID())
                .occurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .tenant("acme")
                .principal("user-7")
                .header(Metadata.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("tracestate", "congo=t61rcWkgMzE")
                .header("x-origin", "mobile \"app\" \u00e9")
                .build();
    }

    static String counted(SerializedEvent event) {
        Counted counted = (Counted) CODEC.decode(event).event();
        return counted.key() + "#" + counted.seq();
    }

    /** Polls a condition for at most {@code limit}; a liveness bound, not a timing assertion. */
    static boolean eventually(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!sleep(Duration.ofMillis(50))) {
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Sleeps; returns false, keeping the interrupt, if interrupted. */
    static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
