package dev.cqrskit.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.eventbridge.emulator.EventQueue;
import dev.cqrskit.eventbridge.emulator.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.cqrskit.eventbridge.EventFixtures.aMetadata;
import static dev.cqrskit.eventbridge.EventFixtures.anEvent;
import static dev.cqrskit.eventbridge.EventFixtures.payloadOfBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgePublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = EventBridgePublisherConfig.DEFAULT_MAX_REQUEST_BYTES;
    private static final EventMapping USERS = EventMapping.builder().source("com.example.users").build();

    private final EventQueue audit = new EventQueue();
    private EventBridgeEmulator emulator;
    private EventBridgeClient client;
    private EventBridgePublisher publisher;

    @BeforeEach
    void start() {
        // Synchronous delivery: keepsCallsInFlightWithinTheConfiguredBound counts calls through a target.
        emulator = EventBridgeEmulator.builder().region("eu-west-1").account("111122223333")
                .requireSignedRequests(true).synchronousDelivery()
                .rule("audit", "security", "{\"source\":[\"com.example.security\"]}", audit)
                .start();
        client = EventBridgeClients.create(clientConfig().build());
        publisher = publisher(EventBridgePublisherConfig.builder()
                .defaultMapping(USERS)
                .mapping("user.PasswordChanged.v1", EventMapping.builder()
                        .source("com.example.security")
                        .detailType("PasswordChanged")
                        .eventBusName("audit")
                        .resources(event -> List.of("arn:aws:example:::user/" + event.key()))
                        .schemaVersion("3")
                        .build())
                .build());
    }

    private EventBridgeClientConfig.Builder clientConfig() {
        return EventBridgeClientConfig.builder()
                .region("eu-west-1")
                .endpointOverride(emulator.endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    private EventBridgePublisher publisher(EventBridgePublisherConfig config) {
        if (publisher != null) {
            publisher.close();
        }
        publisher = new EventBridgePublisher(client, config);
        return publisher;
    }

    @AfterEach
    void stop() {
        publisher.close();
        client.close();
        emulator.close();
    }

    @Nested
    class Mapping {

        @Test
        void mapsAnEventWithTheDefaultMappingAndTheDetailEnvelope() throws Exception {
            // given
            UUID correlation = UUID.randomUUID();
            UUID causation = UUID.randomUUID();
            SerializedEvent event = new SerializedEvent("user.UserRegistered.v1", "user-1", "{\"name\":\"Ada\"}",
                    aMetadata().correlationId(correlation).causationId(causation).tenant("acme")
                            .principal("user-9").build());

            // when
            List<PublishOutcome> outcomes = publisher.publish(List.of(event));

            // then
            EmulatedEvent published = emulator.awaitEvents(1, Duration.ofSeconds(5)).get(0);
            assertThat(outcomes).containsExactly(PublishOutcome.published(event.messageId(), published.id()));
            assertThat(published.source()).isEqualTo("com.example.users");
            assertThat(published.detailType()).isEqualTo("user.UserRegistered.v1");
            assertThat(published.eventBusName()).isEqualTo("default");
            assertThat(published.time()).isEqualTo(event.metadata().occurredAt());
            assertThat(published.resources()).isEmpty();
            assertThat(published.traceHeader()).isEmpty();
            assertThat(published.detail()).isEqualTo("{\"metadata\":{\"messageId\":\"" + event.messageId()
                    + "\",\"correlationId\":\"" + correlation + "\",\"causationId\":\"" + causation
                    + "\",\"occurredAt\":\"" + event.metadata().occurredAt() + "\",\"tenant\":\"acme\","
                    + "\"type\":\"user.UserRegistered.v1\",\"orderingKey\":\"user-1\",\"schemaVersion\":\"1\"},"
                    + "\"data\":{\"name\":\"Ada\"}}");
        }

        @Test
        void leavesCausationAndTenantOutOfTheEnvelopeWhenAbsent() throws Exception {
            SerializedEvent event = anEvent("user-1");

            publisher.publish(List.of(event));

            JsonNode metadata = JSON.readTree(emulator.awaitEvents(1, Duration.ofSeconds(5)).get(0).detail())
                    .get("metadata");
            assertThat(metadata.has("causationId")).isFalse();
            assertThat(metadata.has("tenant")).isFalse();
            assertThat(metadata.get("correlationId").asText()).isEqualTo(event.messageId().toString());
        }

        @Test
        void appliesThePerTypeMappingAndRoutesByItsSource() throws Exception {
            SerializedEvent event = anEvent("user.PasswordChanged.v1", "user-7", "{\"at\":1}");

            List<PublishOutcome> outcomes = publisher.publish(List.of(event));

            assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.Published.class);
            EmulatedEvent routed = audit.await(1, Duration.ofSeconds(5)).get(0);
            assertThat(routed.source()).isEqualTo("com.example.security");
            assertThat(routed.detailType()).isEqualTo("PasswordChanged");
            assertThat(routed.eventBusName()).isEqualTo("audit");
            assertThat(routed.resources()).containsExactly("arn:aws:example:::user/user-7");
            JsonNode detail = JSON.readTree(routed.detail());
            assertThat(detail.at("/metadata/schemaVersion").asText()).isEqualTo("3");
            assertThat(detail.at("/metadata/type").asText()).isEqualTo("user.PasswordChanged.v1");
            assertThat(detail.at("/data/at").asInt()).isEqualTo(1);
        }

        @Test
        void turnsTheTraceparentIntoAnXrayTraceHeader() {
            SerializedEvent traced = new SerializedEvent("user.UserRegistered.v1", "user-1",
                    "{\"name\":\"user-1\"}", aMetadata()
                    .header(Metadata.TRACEPARENT, "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01").build());
            SerializedEvent malformed = new SerializedEvent("user.UserRegistered.v1", "user-2",
                    "{\"name\":\"user-2\"}", aMetadata()
                    .header(Metadata.TRACEPARENT, "not-a-traceparent").build());

            publisher.publish(List.of(traced, malformed));

            Map<String, EmulatedEvent> byKey = byName(emulator.awaitEvents(2, Duration.ofSeconds(5)));
            assertThat(byKey.get("user-1").traceHeader())
                    .contains("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
            assertThat(byKey.get("user-2").traceHeader()).isEmpty();
        }

        @Test
        void refusesToPublishOnceClosed() {
            publisher.close();

            assertThatThrownBy(() -> publisher.publish(List.of(anEvent("user-1"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("This EventBridgePublisher is closed; create a new one to publish again.");
        }

        @Test
        void reportsAMappingThatThrowsAsPermanentWithoutSendingTheEvent() {
            publisher(EventBridgePublisherConfig.builder().defaultMapping(EventMapping.builder()
                    .resources(event -> {
                        throw new IllegalStateException("no ARN for " + event.key());
                    }).build()).build());
            SerializedEvent event = anEvent("user-1");

            List<PublishOutcome> outcomes = publisher.publish(List.of(event));

            assertThat(outcomes).singleElement().isInstanceOfSatisfying(PublishOutcome.PermanentFailure.class,
                    failure -> assertThat(failure.reason()).isEqualTo("Mapping event type 'user.UserRegistered.v1' to"
                            + " an EventBridge entry failed: java.lang.IllegalStateException: no ARN for user-1."
                            + " Fix the EventMapping of this type."));
            assertThat(emulator.putEventsRequests()).isZero();
        }

        @Test
        void reportsAnEntryEventBridgeRejectsAsPermanentWithItsErrorCode() {
            SerializedEvent event = anEvent("user.UserRegistered.v1", "user-1", "{not json");

            List<PublishOutcome> outcomes = publisher.publish(List.of(event));

            assertThat(outcomes).singleElement().isInstanceOfSatisfying(PublishOutcome.PermanentFailure.class,
                    failure -> assertThat(failure.reason())
                            .isEqualTo("EventBridge rejected the entry: MalformedDetail: Detail is malformed."));
        }
    }

    @Nested
    class Batching {

        @Test
        void sendsAtMostTenEntriesPerCall() {
            List<SerializedEvent> batch = IntStream.range(0, 25).mapToObj(i -> anEvent("user-" + i)).toList();

            List<PublishOutcome> outcomes = publisher.publish(batch);

            assertThat(outcomes).hasSize(25).allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.Published.class));
            assertThat(outcomes).extracting(PublishOutcome::messageId)
                    .containsExactlyElementsOf(batch.stream().map(SerializedEvent::messageId).toList());
            assertThat(emulator.putEventsRequests()).isEqualTo(3);
        }

        @Test
        void honoursASmallerEntryCountPerCall() {
            publisher(EventBridgePublisherConfig.builder().maxEntriesPerRequest(4).build());

            publisher.publish(IntStream.range(0, 10).mapToObj(i -> anEvent("user-" + i)).toList());

            assertThat(emulator.putEventsRequests()).isEqualTo(3);
        }

        @Test
        void publishesASingleEntryOneByteUnderTheSizeLimit() {
            SerializedEvent event = eventOfEntrySize("user-1", LIMIT - 1);

            List<PublishOutcome> outcomes = publisher.publish(List.of(event));

            assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.Published.class);
            assertThat(emulator.events()).hasSize(1);
        }

        @Test
        void reportsASingleEntryExactlyAtTheLimitAsPermanentWithoutSendingIt() {
            // AWS: "the total entry size must be less than 256KB"
            SerializedEvent event = eventOfEntrySize("user-1", LIMIT);

            List<PublishOutcome> outcomes = publisher.publish(List.of(event, anEvent("user-2")));

            assertThat(outcomes.get(0)).isInstanceOfSatisfying(PublishOutcome.PermanentFailure.class, failure ->
                    assertThat(failure.reason()).isEqualTo("The EventBridge entry of event type"
                            + " 'user.UserRegistered.v1' is 262144 bytes by AWS's entry-size formula; EventBridge"
                            + " accepts less than 262144 bytes. Make the payload smaller, e.g. publish a reference to"
                            + " the data instead of the data."));
            assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.Published.class);
            assertThat(emulator.events()).extracting(e -> e.detail().length()).allMatch(length -> length < 1000);
        }

        @Test
        void packsEntriesThatTogetherStayOneByteUnderTheLimitIntoOneCall() {
            List<PublishOutcome> outcomes = publisher.publish(List.of(
                    eventOfEntrySize("user-1", LIMIT / 2), eventOfEntrySize("user-2", LIMIT / 2 - 1)));

            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.Published.class));
            assertThat(emulator.putEventsRequests()).isEqualTo(1);
        }

        @Test
        void splitsEntriesThatTogetherReachTheLimitExactly() {
            List<PublishOutcome> outcomes = publisher.publish(List.of(
                    eventOfEntrySize("user-1", LIMIT / 2), eventOfEntrySize("user-2", LIMIT / 2)));

            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.Published.class));
            assertThat(emulator.putEventsRequests()).isEqualTo(2);
        }

        @Test
        void publishesEntriesUpToOneByteUnderOneMebibyteWithTheLargeLimitOnBothSides() {
            // given: the emulator and the publisher both on the 1 MiB limit
            emulator.close();
            emulator = EventBridgeEmulator.builder().region("eu-west-1").requireSignedRequests(true)
                    .largeRequestSizeLimit().start();
            client.close();
            client = EventBridgeClients.create(clientConfig().build());
            publisher(EventBridgePublisherConfig.builder().defaultMapping(USERS).largeRequestSizeLimit().build());

            // when
            List<PublishOutcome> outcomes = publisher.publish(List.of(
                    eventOfEntrySize("user-1", 1_048_575), eventOfEntrySize("user-2", 1_048_576)));

            // then
            assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.Published.class);
            assertThat(outcomes.get(1)).isInstanceOfSatisfying(PublishOutcome.PermanentFailure.class, failure ->
                    assertThat(failure.reason()).contains("is 1048576 bytes by AWS's entry-size formula; EventBridge"
                            + " accepts less than 1048576 bytes"));
            assertThat(emulator.events()).hasSize(1);
        }

        @Test
        void honoursAConfiguredSizeLimit() {
            publisher(EventBridgePublisherConfig.builder().maxRequestBytes(1000).build());

            List<PublishOutcome> outcomes = publisher.publish(List.of(
                    eventOfEntrySize("user-1", 999, EventMapping.defaults()),
                    eventOfEntrySize("user-2", 1000, EventMapping.defaults())));

            assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.Published.class);
            assertThat(outcomes.get(1)).isInstanceOf(PublishOutcome.PermanentFailure.class);
        }

        @Test
        void neverPutsTwoEventsOfOneKeyIntoOneCallAndPublishesThemInOrder() {
            List<SerializedEvent> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                batch.add(anEvent("user-a"));
                batch.add(anEvent("user-b"));
            }

            publisher.publish(batch);

            assertThat(emulator.putEventsRequests()).isEqualTo(3);
            assertThat(messageIds(emulator.events(), "user-a")).containsExactlyElementsOf(messageIds(batch, "user-a"));
            assertThat(messageIds(emulator.events(), "user-b")).containsExactlyElementsOf(messageIds(batch, "user-b"));
        }

        @Test
        void keepsCallsInFlightWithinTheConfiguredBound() {
            AtomicInteger current = new AtomicInteger();
            AtomicInteger highest = new AtomicInteger();
            emulator.addRule("slow", "{\"source\":[\"com.example.users\"]}", event -> {
                highest.accumulateAndGet(current.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                current.decrementAndGet();
            });
            publisher(EventBridgePublisherConfig.builder()
                    .defaultMapping(EventMapping.builder().source("com.example.users").build())
                    .maxEntriesPerRequest(1).maxConcurrentRequests(3).build());

            List<PublishOutcome> outcomes = publisher.publish(
                    IntStream.range(0, 30).mapToObj(i -> anEvent("user-" + i)).toList());

            assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.Published.class));
            assertThat(highest.get()).isBetween(1, 3);
        }
    }

    @Nested
    class Failures {

        @Test
        void holdsBackLaterEventsOfAKeyWhoseEarlierEventFailed() {
            SerializedEvent poison = anEvent("user.UserRegistered.v1", "user-a", "{broken");
            SerializedEvent second = anEvent("user-a");
            SerializedEvent third = anEvent("user-a");
            SerializedEvent other = anEvent("user-b");

            List<PublishOutcome> outcomes = publisher.publish(List.of(poison, second, other, third));

            assertThat(outcomes.get(0)).isInstanceOf(PublishOutcome.PermanentFailure.class);
            assertThat(outcomes.get(1)).isEqualTo(PublishOutcome.retryable(second.messageId(), "Not sent, to keep the"
                    + " order of key 'user-a': its earlier event " + poison.messageId()
                    + " was not published (PermanentFailure)"));
            assertThat(outcomes.get(2)).isInstanceOf(PublishOutcome.Published.class);
            assertThat(outcomes.get(3)).isInstanceOf(PublishOutcome.RetryableFailure.class);
            assertThat(emulator.events()).extracting(EmulatedEvent::detail)
                    .singleElement().asString().contains(other.messageId().toString());
        }

        @Test
        void reportsThrottledAndInternallyFailedEntriesAsRetryable() {
            emulator.injectFaults(Faults.builder().throttleEntries(1).build());
            assertThat(publisher.publish(List.of(anEvent("user-1")))).singleElement()
                    .isInstanceOfSatisfying(PublishOutcome.RetryableFailure.class, failure -> assertThat(
                            failure.reason()).isEqualTo("EventBridge rejected the entry: ThrottlingException: Rate exceeded."));

            emulator.injectFaults(Faults.builder().failEntries(1).build());
            assertThat(publisher.publish(List.of(anEvent("user-1")))).singleElement()
                    .isInstanceOf(PublishOutcome.RetryableFailure.class);
        }

        @Test
        void reportsServerErrorsThrottledCallsAndDroppedConnectionsAsRetryable() {
            for (Faults faults : List.of(Faults.builder().failRequests(1, 500).build(),
                    Faults.builder().failRequests(1, 503).build(),
                    Faults.builder().failRequests(1, 400).build(),
                    Faults.builder().failRequests(1, 429).build(),
                    Faults.builder().dropConnections(1).build())) {
                emulator.injectFaults(faults);

                List<PublishOutcome> outcomes = publisher.publish(List.of(anEvent("user-1"), anEvent("user-2")));

                assertThat(outcomes).as("outcomes under %s", faults)
                        .allSatisfy(o -> assertThat(o).isInstanceOf(PublishOutcome.RetryableFailure.class));
            }
            assertThat(emulator.events()).isEmpty();
        }

        @Test
        void reportsADeniedCallAsSystemicWithAFixNeverAsPermanent() {
            emulator.injectFaults(Faults.builder().failRequests(1, 403).build());

            List<PublishOutcome> outcomes = publisher.publish(List.of(anEvent("user-1"), anEvent("user-2")));

            assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfSatisfying(PublishOutcome.SystemicFailure.class, failure -> assertThat(
                            failure.reason()).startsWith("PutEvents failed with HTTP 403 AccessDeniedException: ")
                            .endsWith(". Grant events:PutEvents on the event bus to the credentials in use;"
                                    + " publishing resumes by itself.")));
        }

        @Test
        void reportsEveryEventSystemicWhileEveryCallIsDeniedAndPublishesThemOnceAllowedAgain() {
            // given a role that lost events:PutEvents
            emulator.injectFaults(Faults.builder().denyEveryCall(true).build());
            List<SerializedEvent> batch = IntStream.range(0, 25).mapToObj(i -> anEvent("user-" + (i % 5))).toList();

            // when the relay keeps trying for a while
            List<List<PublishOutcome>> attempts = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                attempts.add(publisher.publish(batch));
            }

            // then nothing is ever blamed on an event, and all of it goes out once the permission is back
            assertThat(attempts).allSatisfy(outcomes -> assertThat(outcomes).hasSize(batch.size())
                    .allMatch(outcome -> outcome instanceof PublishOutcome.SystemicFailure));
            assertThat(emulator.events()).isEmpty();
            emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(false).build());
            publishUntilDone(batch);
            assertThat(emulator.events()).hasSize(batch.size());
        }

        @Test
        void reportsUnsignedCallsAsSystemic() {
            client.close();
            client = EventBridgeClients.create(clientConfig()
                    .credentials(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                    .build());
            publisher(EventBridgePublisherConfig.defaults());

            List<PublishOutcome> outcomes = publisher.publish(List.of(anEvent("user-1")));

            assertThat(outcomes).singleElement().isInstanceOfSatisfying(PublishOutcome.SystemicFailure.class,
                    failure -> assertThat(failure.reason()).contains("403 MissingAuthenticationToken")
                            .contains("renew them or fix the credential provider"));
        }

        @Test
        void bisectsACallRefusedAsAWholeUntilOnlyTheOffendingEntryFails() {
            // given a publisher that believes in 1 MiB calls in a region (the emulator) that allows 256 KB
            publisher(EventBridgePublisherConfig.builder().defaultMapping(USERS).largeRequestSizeLimit().build());
            List<SerializedEvent> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(i == 6 ? eventOfEntrySize("user-6", 300 * 1024) : anEvent("user-" + i));
            }

            // when
            List<PublishOutcome> outcomes = publisher.publish(batch);

            // then only the oversized entry fails, permanently; its neighbours are published
            assertThat(outcomes.get(6)).isInstanceOfSatisfying(PublishOutcome.PermanentFailure.class, failure ->
                    assertThat(failure.reason()).contains("400 ValidationException",
                            "Total size of the entries in the request is over the limit",
                            "EventBridge refused this entry on its own"));
            assertThat(outcomes).filteredOn(outcome -> !outcome.messageId().equals(batch.get(6).messageId()))
                    .hasSize(9).allMatch(outcome -> outcome instanceof PublishOutcome.Published);
            assertThat(emulator.events()).hasSize(9);
            // 10 refused -> 0..4 ok, 5..9 refused -> {5,6} refused -> 5 ok, 6 refused; 7..9 ok
            assertThat(emulator.putEventsRequests()).isEqualTo(7);
        }

        @Test
        void sendsOneCallPerTenEntriesWhenNoEntryIsRefused() {
            publisher.publish(IntStream.range(0, 50).mapToObj(i -> anEvent("user-" + i)).toList());

            assertThat(emulator.putEventsRequests()).isEqualTo(5);
        }

        @Test
        void makesOneCallPerAttemptWithSdkRetriesOffByDefault() {
            emulator.injectFaults(Faults.builder().failRequests(1, 500).build());

            publisher.publish(List.of(anEvent("user-1")));

            assertThat(emulator.putEventsRequests()).isEqualTo(1);
        }

        @Test
        void letsTheSdkRetryWholeCallsWhenConfiguredTo() {
            client.close();
            client = EventBridgeClients.create(clientConfig().maxAttempts(3).build());
            publisher(EventBridgePublisherConfig.defaults());
            emulator.injectFaults(Faults.builder().failRequests(1, 500).build());

            List<PublishOutcome> outcomes = publisher.publish(List.of(anEvent("user-1")));

            assertThat(outcomes).singleElement().isInstanceOf(PublishOutcome.RetryableFailure.class);
            assertThat(emulator.putEventsRequests()).isEqualTo(3);
        }

        @Test
        void reportsATimedOutCallAsRetryable() {
            client.close();
            client = EventBridgeClients.create(clientConfig().attemptTimeout(Duration.ofMillis(100))
                    .callTimeout(Duration.ofMillis(200)).build());
            publisher(EventBridgePublisherConfig.defaults());
            emulator.injectFaults(Faults.builder().latency(Duration.ofMillis(600)).build());

            List<PublishOutcome> outcomes = publisher.publish(List.of(anEvent("user-1")));

            assertThat(outcomes).singleElement().isInstanceOfSatisfying(PublishOutcome.RetryableFailure.class,
                    failure -> assertThat(failure.reason()).startsWith("PutEvents did not complete (timeout or"
                            + " connection error)"));
        }

        @Test
        void losesNothingAndKeepsPerKeyOrderUnderMixedFaults() {
            // given: 10 % entries throttled, 3 % failed, 10 % calls failing with 500, 5 % dropped connections
            emulator.injectFaults(Faults.builder().throttleEntries(0.10).failEntries(0.03).failRequests(0.10, 500)
                    .dropConnections(0.05).seed(42).build());
            List<SerializedEvent> all = IntStream.range(0, 600).mapToObj(i -> anEvent("user-" + (i % 40))).toList();

            // when
            publishUntilDone(all);

            // then
            List<EmulatedEvent> published = emulator.events();
            assertThat(published).hasSize(all.size());
            for (int key = 0; key < 40; key++) {
                assertThat(messageIds(published, "user-" + key))
                        .containsExactlyElementsOf(messageIds(all, "user-" + key));
            }
        }
    }

    @Nested
    class SharedBySeveralRelays {

        @Test
        void publishesEveryEventInOrderPerKeyWhenThreeRelaysShareOnePublisher() throws Exception {
            // given: each relay owns its keys, as the outbox's per-key claiming guarantees
            emulator.injectFaults(Faults.builder().throttleEntries(0.2).failRequests(0.05, 503).seed(7).build());
            List<List<SerializedEvent>> perRelay = IntStream.range(0, 3).mapToObj(relay -> IntStream.range(0, 150)
                    .mapToObj(i -> anEvent("relay" + relay + "-user-" + (i % 15))).toList()).toList();

            // when
            List<Thread> relays = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (List<SerializedEvent> events : perRelay) {
                Thread relay = new Thread(() -> {
                    try {
                        publishUntilDone(events);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                relays.add(relay);
                relay.start();
            }
            for (Thread relay : relays) {
                relay.join(60_000);
            }

            // then
            assertThat(failures).isEmpty();
            assertThat(relays).noneMatch(Thread::isAlive);
            assertThat(emulator.events()).hasSize(450);
            for (List<SerializedEvent> events : perRelay) {
                for (String key : events.stream().map(SerializedEvent::key).distinct().toList()) {
                    assertThat(messageIds(emulator.events(), key)).containsExactlyElementsOf(messageIds(events, key));
                }
            }
        }
    }

    /** Re-offers what was not published, oldest first, like the relay; bounded. */
    private void publishUntilDone(List<SerializedEvent> events) {
        List<SerializedEvent> remaining = new ArrayList<>(events);
        for (int round = 0; round < 200 && !remaining.isEmpty(); round++) {
            List<SerializedEvent> batch = List.copyOf(remaining.subList(0, Math.min(50, remaining.size())));
            Map<UUID, PublishOutcome> outcomes = publisher.publish(batch).stream()
                    .collect(Collectors.toMap(PublishOutcome::messageId, Function.identity()));
            assertThat(outcomes.values()).noneMatch(o -> o instanceof PublishOutcome.PermanentFailure);
            remaining.removeIf(event -> outcomes.get(event.messageId()) instanceof PublishOutcome.Published);
        }
        assertThat(remaining).isEmpty();
    }

    private static SerializedEvent eventOfEntrySize(String key, int entrySize) {
        return eventOfEntrySize(key, entrySize, USERS);
    }

    /** An event whose entry under the mapping is exactly {@code entrySize} bytes by AWS's formula. */
    private static SerializedEvent eventOfEntrySize(String key, int entrySize, EventMapping mapping) {
        SerializedEvent probe = anEvent("user.UserRegistered.v1", key, payloadOfBytes(100));
        long overhead = MappedEntry.of(0, probe, mapping).size() - 100;
        SerializedEvent sized = new SerializedEvent(probe.type(), key, payloadOfBytes((int) (entrySize - overhead)),
                probe.metadata());
        assertThat(MappedEntry.of(0, sized, mapping).size()).isEqualTo(entrySize);
        return sized;
    }

    private static Map<String, EmulatedEvent> byName(List<EmulatedEvent> events) {
        return events.stream().collect(Collectors.toMap(event -> field(event, "/data/name"), Function.identity()));
    }

    private static String field(EmulatedEvent event, String pointer) {
        try {
            return JSON.readTree(event.detail()).at(pointer).asText();
        } catch (Exception e) {
            throw new AssertionError("Detail is not JSON: " + event.detail(), e);
        }
    }

    private static List<String> messageIds(List<?> events, String key) {
        List<String> ids = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof SerializedEvent serialized && serialized.key().equals(key)) {
                ids.add(serialized.messageId().toString());
            } else if (event instanceof EmulatedEvent emulated && field(emulated, "/data/name").equals(key)) {
                ids.add(field(emulated, "/metadata/messageId"));
            }
        }
        return ids;
    }
}
