package dev.cqrskit.outbox;

import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/** Test data and test doubles for the outbox tests: real events, a recording publisher, producers. */
final class OutboxFixtures {

    /** An event that carries its position in its key, so tests can check order. */
    record Counted(String key, int seq) implements DomainEvent {
    }

    /** A second event type. */
    record Noted(String text) implements DomainEvent {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .add(Counted.class, "test.Counted.v1")
            .add(Noted.class, "test.Noted.v1")
            .build();

    static final Outbox OUTBOX = new Outbox(new EventCodec(TYPES, EventSerializer.jackson()));
    static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private OutboxFixtures() {
    }

    static PostgresExtension postgres() {
        return PostgresExtension.withSchema(CqrsSchema::install);
    }

    static Jdbi jdbi(PostgresExtension postgres) {
        return Jdbi.create(postgres.dataSource());
    }

    static void clear(Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("TRUNCATE cqrs_outbox, cqrs_inbox, cqrs_inbox_parked"));
    }

    static EventMessage<Counted> aCounted(String key, int seq) {
        return new EventMessage<>(new Counted(key, seq), METADATA.root());
    }

    /**
     * Appends {@code perKey} counted events to each of {@code keys} keys, key-0 .. key-(n-1), in transactions of
     * {@code perTransaction} events of one key, interleaving the keys.
     */
    static int produce(Jdbi jdbi, int keys, int perKey, int perTransaction) {
        int total = 0;
        for (int start = 1; start <= perKey; start += perTransaction) {
            int from = start;
            int to = Math.min(perKey, start + perTransaction - 1);
            total += jdbi.inTransaction(h -> {
                int n = 0;
                for (int k = 0; k < keys; k++) {
                    String key = "key-" + k;
                    List<EventMessage<Counted>> messages = new ArrayList<>();
                    for (int seq = from; seq <= to; seq++) {
                        messages.add(aCounted(key, seq));
                    }
                    OUTBOX.append(h, key, messages);
                    n += messages.size();
                }
                return n;
            });
        }
        return total;
    }

    static long count(Jdbi jdbi, String where) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_outbox WHERE " + where)
                .mapTo(Long.class).one());
    }

    /** Polls a condition for at most {@code limit}; a liveness bound, not a timing assertion. */
    static boolean eventually(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /**
     * Records every delivery per key, in delivery order, and checks order: a delivery of seq s for a key is in order
     * when every seq below s was delivered before it (redelivery of an earlier seq is a duplicate, not a violation).
     */
    static final class RecordingPublisher implements EventPublisher {
        private final Map<String, List<Integer>> deliveries = new ConcurrentHashMap<>();
        private final AtomicInteger total = new AtomicInteger();
        private final AtomicInteger batches = new AtomicInteger();
        private final Function<SerializedEvent, PublishOutcome> outcome;

        RecordingPublisher() {
            this(event -> PublishOutcome.published(event.messageId(), null));
        }

        RecordingPublisher(Function<SerializedEvent, PublishOutcome> outcome) {
            this.outcome = outcome;
        }

        @Override
        public List<PublishOutcome> publish(List<SerializedEvent> batch) {
            batches.incrementAndGet();
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            java.util.Set<String> failedKeys = new java.util.HashSet<>();
            for (SerializedEvent event : batch) {
                // As the EventPublisher contract asks: after a key's event fails, its later events are not sent.
                PublishOutcome result = failedKeys.contains(event.key())
                        ? PublishOutcome.retryable(event.messageId(), "an earlier event of key " + event.key()
                        + " failed")
                        : outcome.apply(event);
                if (!(result instanceof PublishOutcome.Published)) {
                    failedKeys.add(event.key());
                }
                if (result instanceof PublishOutcome.Published) {
                    Counted counted = (Counted) OUTBOX.codec().decode(event).event();
                    List<Integer> seqs = deliveries.computeIfAbsent(event.key(), k -> new ArrayList<>());
                    synchronized (seqs) {
                        seqs.add(counted.seq());
                    }
                    total.incrementAndGet();
                }
                outcomes.add(result);
            }
            return outcomes;
        }

        int delivered() {
            return total.get();
        }

        int batches() {
            return batches.get();
        }

        List<Integer> deliveriesOf(String key) {
            List<Integer> seqs = deliveries.getOrDefault(key, List.of());
            synchronized (seqs) {
                return List.copyOf(seqs);
            }
        }

        /** Deliveries that jumped ahead: seq s delivered before some seq below s was delivered. */
        List<String> orderViolations() {
            List<String> violations = new ArrayList<>();
            deliveries.forEach((key, seqs) -> {
                int highest = 0;
                for (int seq : deliveriesOf(key)) {
                    if (seq > highest + 1) {
                        violations.add(key + ": " + seq + " after " + highest);
                    }
                    highest = Math.max(highest, seq);
                }
            });
            return violations;
        }

        int duplicates() {
            int duplicates = 0;
            for (String key : deliveries.keySet()) {
                List<Integer> seqs = deliveriesOf(key);
                duplicates += seqs.size() - (int) seqs.stream().distinct().count();
            }
            return duplicates;
        }

        /** Keys whose distinct deliveries are not exactly 1..perKey. */
        List<String> incompleteKeys(int keys, int perKey) {
            List<String> incomplete = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String key = "key-" + k;
                long distinct = deliveriesOf(key).stream().distinct().count();
                if (distinct != perKey) {
                    incomplete.add(key + " (" + distinct + " of " + perKey + ")");
                }
            }
            return incomplete;
        }
    }

    static Metadata metadataWithEverything() {
        return METADATA.root().toBuilder()
                .causationId(java.util.UUID.randomUUID())
                .tenant("tenant-a")
                .principal("user-42")
                .header(Metadata.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("x-source", "test")
                .build();
    }
}
