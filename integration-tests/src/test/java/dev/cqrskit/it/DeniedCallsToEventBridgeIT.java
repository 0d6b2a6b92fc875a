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
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.RelayListener;
import dev.cqrskit.outbox.schema.CqrsSchema;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad deployment end to end: the relay publishes through the real AWS SDK client to the emulator, which answers
 * every call with 403 AccessDenied for a while (expired credentials, a revoked permission), then recovers. Nothing
 * may be parked for a fault of the deployment, not even with one attempt allowed, and once calls go through again
 * every event arrives, in order per key, without an operator.
 */
@ExtendWith(PostgresExtension.class)
class DeniedCallsToEventBridgeIT {

    private static final int KEYS = 20;
    private static final int PER_KEY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Numbered(String key, int seq) implements DomainEvent {
    }

    @Test
    void everyCallDeniedForAWhileParksNothingAndEverythingArrivesInOrderAfterRecovery(PostgresDatabase database)
            throws Exception {
        // given events in the outbox and an emulator that denies every call
        Jdbi jdbi = Jdbi.create(database.dataSource());
        CqrsSchema.install(jdbi);
        Outbox outbox = new Outbox(new EventCodec(EventTypes.builder().add(Numbered.class, "it.Numbered.v1").build(),
                EventSerializer.jackson()));
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        for (int seq = 0; seq < PER_KEY; seq++) {
            int current = seq;
            jdbi.useTransaction(handle -> {
                for (int k = 0; k < KEYS; k++) {
                    outbox.append(handle, "key-" + k, List.of(new EventMessage<>(new Numbered("key-" + k, current),
                            Metadata.root(UUID.randomUUID(), now))));
                }
            });
        }
        AtomicInteger systemic = new AtomicInteger();
        RelayListener listener = new RelayListener() {
            @Override
            public void onSystemicFailure(String reason, Duration pause) {
                systemic.incrementAndGet();
            }
        };
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().start();
             EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                     .region(emulator.region()).endpointOverride(emulator.endpoint())
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                     .build());
             EventBridgePublisher publisher = new EventBridgePublisher(client, EventBridgePublisherConfig.defaults());
             OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                     .pollInterval(Duration.ofMillis(50)).maxAttempts(1)
                     .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200))
                     .build(), listener)) {
            emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(true).build());

            // when the relay runs against the denying bus for a while
            relay.start();
            awaitAtLeast(systemic, 3, Duration.ofSeconds(60));
            OutboxOperations operations = new OutboxOperations(jdbi);

            // then nothing was published, nothing parked, nothing lost
            assertThat(emulator.events()).isEmpty();
            assertThat(operations.counts().parked()).isZero();
            assertThat(operations.counts().pending()).isEqualTo(KEYS * PER_KEY);

            // when the deployment is fixed
            emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(false).build());
            List<EmulatedEvent> delivered = awaitEvents(emulator, KEYS * PER_KEY, Duration.ofSeconds(90));

            // then everything arrives, in order per key, and the outbox is empty
            Map<String, List<Integer>> byKey = new HashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (EmulatedEvent event : delivered) {
                JsonNode detail = JSON.readTree(event.detail());
                if (seen.add(detail.at("/metadata/messageId").asText())) {
                    byKey.computeIfAbsent(detail.at("/data/key").asText(), k -> new ArrayList<>())
                            .add(detail.at("/data/seq").asInt());
                }
            }
            assertThat(seen).hasSize(KEYS * PER_KEY);
            byKey.forEach((key, sequence) -> assertThat(sequence).as("key %s in order", key)
                    .hasSize(PER_KEY).isSorted().doesNotHaveDuplicates());
            assertThat(operations.counts().parked()).isZero();
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int value, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (counter.get() < value && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(counter.get()).as("systemic failures reported to the listener").isGreaterThanOrEqualTo(value);
    }

    private static List<EmulatedEvent> awaitEvents(EventBridgeEmulator emulator, int expected, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<EmulatedEvent> events = emulator.events();
        while (events.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            events = emulator.events();
        }
        return events;
    }
}
