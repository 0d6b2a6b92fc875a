package dev.cqrskit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgeClients;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.outbox.relay.ParkedMessage;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.eventbridge.emulator.Faults;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox relay publishing to EventBridge through the real AWS SDK client, against the emulator with faults
 * injected, on a real PostgreSQL: 20,000 events over 200 keys, 10 % of entries throttled, 1 % of requests failing
 * with a 500, latency on every request, and one key poisoned by an event too large for EventBridge.
 *
 * <p>Proves: nothing is lost; order holds per key; the poison event, a permanent failure, is parked at once and
 * holds back only its own key; the other keys all arrive, however often they were throttled.
 */
@ExtendWith(PostgresExtension.class)
class OutboxToEventBridgeIT {

    private static final int KEYS = 200;
    private static final int PER_KEY = 100;
    private static final String POISON_KEY = "order-13";
    private static final int POISON_SEQ = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event every row carries: its key and its place in the key's sequence. */
    record Numbered(String key, int seq, String padding) implements DomainEvent {
    }

    @Test
    void losesNothingKeepsOrderPerKeyAndParksOnlyThePoisonedKey(PostgresDatabase database) throws Exception {
        // given
        Jdbi jdbi = Jdbi.create(database.dataSource());
        CqrsSchema.install(jdbi);
        Outbox outbox = new Outbox(new EventCodec(EventTypes.builder().add(Numbered.class, "it.Numbered.v1").build(),
                EventSerializer.jackson()));
        fill(jdbi, outbox);

        Faults faults = Faults.builder().throttleEntries(0.10).failRequests(0.01, 500)
                .latency(Duration.ofMillis(2)).seed(42).build();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().faults(faults).start();
             EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                     .region(emulator.region()).endpointOverride(emulator.endpoint())
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                     .build());
             EventBridgePublisher publisher = new EventBridgePublisher(client, EventBridgePublisherConfig.defaults());
             OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                     .batchSize(500).concurrency(2).pollInterval(Duration.ofMillis(100))
                     .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(200))
                     // Enough attempts that no healthy event exhausts them: with 10 % of entries throttled and 1 %
                     // of requests failing, 5 attempts parked a healthy key about once in five runs.
                     .maxAttempts(30)
                     .build())) {

            // when
            relay.start();
            int expected = KEYS * PER_KEY - (PER_KEY - POISON_SEQ);
            List<EmulatedEvent> delivered = awaitDistinct(emulator, expected, Duration.ofMinutes(3));

            // then
            Map<String, List<Integer>> byKey = new HashMap<>();
            Map<String, List<Long>> sequencesByKey = new HashMap<>();
            Set<String> seen = new HashSet<>();
            for (EmulatedEvent event : delivered) {
                JsonNode detail = JSON.readTree(event.detail());
                if (seen.add(detail.at("/metadata/messageId").asText())) {
                    byKey.computeIfAbsent(detail.at("/data/key").asText(), k -> new ArrayList<>())
                            .add(detail.at("/data/seq").asInt());
                    sequencesByKey.computeIfAbsent(detail.at("/data/key").asText(), k -> new ArrayList<>())
                            .add(detail.at("/metadata/sequence").asLong());
                }
            }
            sequencesByKey.forEach((key, sequences) -> assertThat(sequences)
                    .as("the envelope's per-key sequence of %s rises with the key's order", key)
                    .isSorted().doesNotHaveDuplicates().allMatch(sequence -> sequence > 0));
            assertThat(seen).as("distinct events delivered").hasSize(expected);
            for (int k = 0; k < KEYS; k++) {
                String key = "order-" + k;
                List<Integer> sequence = byKey.get(key);
                int count = key.equals(POISON_KEY) ? POISON_SEQ : PER_KEY;
                assertThat(sequence).as("key %s arrives whole and in order", key)
                        .hasSize(count).isSorted().doesNotHaveDuplicates();
            }
            OutboxOperations operations = new OutboxOperations(jdbi);
            List<ParkedMessage> parked = awaitParked(operations);
            assertThat(parked).hasSize(1);
            assertThat(parked.get(0).toString()).contains(POISON_KEY);
            assertThat(operations.counts().pending()).as("the poisoned key's later events wait behind it")
                    .isEqualTo(PER_KEY - POISON_SEQ - 1);
            assertThat(emulator.putEventsRequests()).as("requests made").isPositive();
        }
    }

    private static void fill(Jdbi jdbi, Outbox outbox) {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        String huge = "x".repeat(300 * 1024);
        for (int seq = 0; seq < PER_KEY; seq++) {
            int current = seq;
            jdbi.useTransaction(handle -> {
                for (int k = 0; k < KEYS; k++) {
                    String key = "order-" + k;
                    boolean poison = key.equals(POISON_KEY) && current == POISON_SEQ;
                    Metadata metadata = Metadata.root(UUID.randomUUID(), now);
                    outbox.append(handle, key, List.of(new EventMessage<>(
                            new Numbered(key, current, poison ? huge : ""), metadata)));
                }
            });
        }
    }

    private static List<EmulatedEvent> awaitDistinct(EventBridgeEmulator emulator, int expected, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<EmulatedEvent> events = emulator.events();
        while (distinct(events) < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            events = emulator.events();
        }
        return events;
    }

    private static long distinct(List<EmulatedEvent> events) throws Exception {
        Set<String> ids = new HashSet<>();
        for (EmulatedEvent event : events) {
            ids.add(JSON.readTree(event.detail()).at("/metadata/messageId").asText());
        }
        return ids.size();
    }

    private static List<ParkedMessage> awaitParked(OutboxOperations operations) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        List<ParkedMessage> parked = operations.parked(10);
        while (parked.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            parked = operations.parked(10);
        }
        return parked;
    }
}
