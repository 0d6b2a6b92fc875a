package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeEmulatorIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventQueue users = new EventQueue();
    private final EventQueue auditBus = new EventQueue();
    private EventBridgeEmulator emulator;
    private EventBridgeClient client;

    @BeforeEach
    void start() {
        emulator = EventBridgeEmulator.builder()
                .region("eu-west-1")
                .account("111122223333")
                .requireSignedRequests(true)
                .synchronousDelivery()
                .rule("users", "{\"source\":[\"users\"],\"detail\":{\"data\":{\"plan\":[\"pro\"]}}}", users)
                .rule("audit", "everything", "{\"source\":[{\"prefix\":\"\"}]}", auditBus)
                .start();
        client = EmulatorClients.client(emulator);
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private static PutEventsRequestEntry.Builder entry() {
        return PutEventsRequestEntry.builder().source("users").detailType("user.UserRegistered.v1")
                .detail("{\"data\":{\"plan\":\"pro\"}}");
    }

    private PutEventsResponse put(PutEventsRequestEntry... entries) {
        return client.putEvents(request -> request.entries(entries));
    }

    @Nested
    class AcceptedEvents {

        @Test
        void recordsTheFullEnvelopeAndReturnsItsIdToTheClient() {
            // given
            Instant time = Instant.parse("2026-11-22T01:02:03.456Z");

            // when
            PutEventsResponse response = put(entry().time(time).resources("arn:aws:users:1", "arn:aws:users:2")
                    .traceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
                    .build());

            // then
            assertThat(response.failedEntryCount()).isZero();
            EmulatedEvent event = emulator.awaitEvents(1, WAIT).get(0);
            assertThat(response.entries()).extracting(PutEventsResultEntry::eventId).containsExactly(event.id());
            assertThat(event.source()).isEqualTo("users");
            assertThat(event.detailType()).isEqualTo("user.UserRegistered.v1");
            assertThat(event.detail()).isEqualTo("{\"data\":{\"plan\":\"pro\"}}");
            assertThat(event.time()).isEqualTo(time);
            assertThat(event.region()).isEqualTo("eu-west-1");
            assertThat(event.account()).isEqualTo("111122223333");
            assertThat(event.resources()).containsExactly("arn:aws:users:1", "arn:aws:users:2");
            assertThat(event.eventBusName()).isEqualTo("default");
            assertThat(event.traceHeader()).contains(
                    "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
            assertThat(event.toJson()).isEqualTo("{\"version\":\"0\",\"id\":\"" + event.id()
                    + "\",\"detail-type\":\"user.UserRegistered.v1\",\"source\":\"users\",\"account\":\"111122223333\","
                    + "\"time\":\"2026-11-22T01:02:03Z\",\"region\":\"eu-west-1\","
                    + "\"resources\":[\"arn:aws:users:1\",\"arn:aws:users:2\"],\"detail\":{\"data\":{\"plan\":\"pro\"}}}");
        }

        @Test
        void stampsTheTimeOfReceiptOnEntriesWithoutTime() {
            Instant before = Instant.now().minusSeconds(1);

            put(entry().build());

            assertThat(emulator.awaitEvents(1, WAIT).get(0).time()).isAfter(before);
        }

        @Test
        void deliversToTheTargetsOfMatchingRulesOnly() {
            // when
            put(entry().build(),
                    entry().detail("{\"data\":{\"plan\":\"free\"}}").build(),
                    entry().source("billing").build());

            // then
            assertThat(emulator.awaitEvents(3, WAIT)).hasSize(3);
            assertThat(users.events()).extracting(EmulatedEvent::detail).containsExactly("{\"data\":{\"plan\":\"pro\"}}");
            assertThat(auditBus.events()).isEmpty();
        }

        @Test
        void routesEventsOnANamedBusGivenByNameOrArn() {
            put(entry().eventBusName("audit").build(),
                    entry().eventBusName("arn:aws:events:eu-west-1:111122223333:event-bus/audit").build());

            assertThat(auditBus.await(2, WAIT)).extracting(EmulatedEvent::eventBusName).containsOnly("audit");
            assertThat(users.events()).isEmpty();
        }

        @Test
        void rejectsARuleNameTakenOnTheBusWhileRunning() {
            assertThatThrownBy(() -> emulator.addRule("users", "{\"source\":[\"x\"]}", new EventQueue()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Rule 'users' already exists on bus 'default'. Rules so far: [audit/everything,"
                            + " default/users]. Give each rule its own name.");
        }

        @Test
        void addsRulesWhileRunning() {
            EventQueue billing = new EventQueue();
            emulator.addRule("billing", "{\"source\":[\"billing\"]}", billing);

            put(entry().source("billing").build());

            assertThat(billing.await(1, WAIT)).extracting(EmulatedEvent::source).containsExactly("billing");
        }
    }

    @Nested
    class Validation {

        @Test
        void acceptsTenEntriesInOneCall() {
            PutEventsResponse response = put(IntStream.range(0, 10).mapToObj(i -> entry().build())
                    .toArray(PutEventsRequestEntry[]::new));

            assertThat(response.entries()).hasSize(10).allSatisfy(result -> assertThat(result.eventId()).isNotNull());
        }

        @Test
        void rejectsElevenEntriesWithAValidationException() {
            assertThatThrownBy(() -> put(IntStream.range(0, 11).mapToObj(i -> entry().build())
                    .toArray(PutEventsRequestEntry[]::new)))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .contains("Member must have length less than or equal to 10");
                    });
            assertThat(emulator.events()).isEmpty();
        }

        @Test
        void acceptsEntriesWhoseTotalSizeIsOneByteUnderTheLimit() {
            // Source "users" (5) + DetailType (22) + Time (14) + Detail = 262,143 bytes
            PutEventsRequestEntry entry = entry().time(Instant.now()).detail(detailOfBytes(262_143 - 5 - 22 - 14)).build();

            PutEventsResponse response = put(entry);

            assertThat(response.failedEntryCount()).isZero();
        }

        @Test
        void rejectsEntriesWhoseTotalSizeIsExactlyTheLimit() {
            // AWS: "the total entry size must be less than 256KB"
            PutEventsRequestEntry entry = entry().time(Instant.now()).detail(detailOfBytes(262_144 - 5 - 22 - 14)).build();

            assertThatThrownBy(() -> put(entry))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Total size of the entries in the request is over the limit.");
                    });
        }

        @Test
        void countsTheSizeOfEveryEntryAndResourceInUtf8() {
            // 2 entries: each 5 + 22 + resource "ü" (2 bytes) + detail; half the limit each is the limit in total
            int detailBytes = 131_072 - 5 - 22 - 2;
            PutEventsRequestEntry half = entry().resources("ü").detail(detailOfBytes(detailBytes)).build();
            PutEventsRequestEntry underHalf = entry().resources("ü").detail(detailOfBytes(detailBytes - 1)).build();

            assertThat(put(half, underHalf).failedEntryCount()).isZero();
            assertThatThrownBy(() -> put(half, half)).isInstanceOf(EventBridgeException.class)
                    .hasMessageContaining("Total size of the entries in the request is over the limit.");
        }

        @Test
        void reportsMissingFieldsPerEntryWithInvalidArgument() {
            PutEventsResponse response = put(entry().build(), entry().source(null).build(),
                    entry().detailType(null).build(), entry().detail(null).build());

            assertThat(response.failedEntryCount()).isEqualTo(3);
            assertThat(response.entries().get(0).eventId()).isNotNull();
            assertThat(response.entries().subList(1, 4)).extracting(PutEventsResultEntry::errorCode)
                    .containsOnly("InvalidArgument");
            assertThat(response.entries().subList(1, 4)).extracting(PutEventsResultEntry::errorMessage).containsExactly(
                    "Parameter Source is not valid. Reason: Source is a required argument.",
                    "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
                    "Parameter Detail is not valid. Reason: Detail is a required argument.");
            assertThat(emulator.events()).hasSize(1);
        }

        @Test
        void reportsMalformedOrNonObjectDetailWithMalformedDetail() {
            PutEventsResponse response = put(entry().detail("{\"unclosed\":").build(), entry().detail("[1,2]").build(),
                    entry().detail("{} trailing").build());

            assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode)
                    .containsExactly("MalformedDetail", "MalformedDetail", "MalformedDetail");
            assertThat(response.entries()).extracting(PutEventsResultEntry::errorMessage)
                    .containsOnly("Detail is malformed.");
        }
    }

    @Nested
    class RawHttp {

        private final HttpClient http = HttpClient.newHttpClient();

        private HttpResponse<String> post(String body) throws Exception {
            return http.send(HttpRequest.newBuilder(emulator.endpoint())
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSEvents.PutEvents")
                    .header("X-Amz-Date", "20261122T010203Z")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261122/eu-west-1/events/aws4_request,"
                            + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void answersABodyThatIsNotJsonWithASerializationException() throws Exception {
            HttpResponse<String> response = post("not json");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("SerializationException");
            assertThat(response.body()).startsWith("{\"__type\":\"SerializationException\"");
        }

        @Test
        void answersMissingEntriesWithAValidationException() throws Exception {
            HttpResponse<String> response = post("{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("ValidationException").contains("Member must not be null");
        }

        @Test
        void reportsAnUnreadableTimeAsInvalidArgument() throws Exception {
            HttpResponse<String> response = post("{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{}\","
                    + "\"Time\":\"yesterday\"}]}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"FailedEntryCount\":1").contains("InvalidArgument")
                    .contains("Parameter Time is not valid");
        }
    }

    @Nested
    class InjectedFaults {

        @Test
        void throttlesEntriesInsideASuccessfulResponse() {
            emulator.injectFaults(Faults.builder().throttleEntries(1).build());

            PutEventsResponse response = put(entry().build(), entry().build());

            assertThat(response.failedEntryCount()).isEqualTo(2);
            assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode).containsOnly("ThrottlingException");
            assertThat(emulator.events()).isEmpty();
        }

        @Test
        void failsEntriesWithInternalFailure() {
            emulator.injectFaults(Faults.builder().failEntries(1).build());

            assertThat(put(entry().build()).entries()).extracting(PutEventsResultEntry::errorCode)
                    .containsExactly("InternalFailure");
        }

        @Test
        void failsAFractionOfEntriesRepeatablyWithASeed() {
            emulator.injectFaults(Faults.builder().throttleEntries(0.5).seed(7).build());
            List<String> first = codes(put(tenEntries()));
            emulator.injectFaults(Faults.builder().throttleEntries(0.5).seed(7).build());
            List<String> second = codes(put(tenEntries()));

            assertThat(first).isEqualTo(second).contains("ThrottlingException").containsNull();
        }

        @Test
        void failsWholeRequestsWithTheStatusAndErrorShapeOfAws() {
            emulator.injectFaults(Faults.builder().failRequests(1, 500).build());
            assertThatThrownBy(() -> put(entry().build())).isInstanceOfSatisfying(EventBridgeException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalException");
            });

            emulator.injectFaults(Faults.builder().failRequests(1, 400).build());
            assertThatThrownBy(() -> put(entry().build())).isInstanceOfSatisfying(EventBridgeException.class, e ->
                    assertThat(e.isThrottlingException()).isTrue());

            emulator.injectFaults(Faults.builder().failRequests(1, 403).build());
            assertThatThrownBy(() -> put(entry().build())).isInstanceOfSatisfying(EventBridgeException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));

            assertThat(emulator.events()).isEmpty();
            assertThat(emulator.rejectedRequests()).isEqualTo(3);
        }

        @Test
        void dropsTheConnectionWithoutAResponse() {
            emulator.injectFaults(Faults.builder().dropConnections(1).build());

            assertThatThrownBy(() -> put(entry().build())).isInstanceOf(SdkClientException.class);
            assertThat(emulator.events()).isEmpty();

            emulator.clearFaults();
            assertThat(put(entry().build()).failedEntryCount()).isZero();
        }

        @Test
        void deniesEveryCallWithAccessDeniedUntilTheFaultIsLifted() {
            emulator.injectFaults(Faults.builder().denyEveryCall(true).build());

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> put(entry().build())).isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                });
            }
            assertThat(emulator.events()).isEmpty();

            emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(false).build());
            assertThat(put(entry().build()).failedEntryCount()).isZero();
        }

        @Test
        void throttlesOnlyTheEntriesWhoseDetailContainsAGivenText() {
            emulator.injectFaults(Faults.builder().throttleEntriesContaining("msg-2").build());

            PutEventsResponse response = put(entry().detail("{\"id\":\"msg-1\"}").build(),
                    entry().detail("{\"id\":\"msg-2\"}").build(), entry().detail("{\"id\":\"msg-3\"}").build());

            assertThat(codes(response)).containsExactly(null, "ThrottlingException", null);
            assertThat(emulator.events()).extracting(EmulatedEvent::detail)
                    .containsExactly("{\"id\":\"msg-1\"}", "{\"id\":\"msg-3\"}");
        }

        @Test
        void rejectsAnEmptyTextToThrottleOn() {
            assertThatThrownBy(() -> Faults.builder().throttleEntriesContaining("").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("faults.throttledDetailTexts must hold non-empty texts but held ''");
        }

        @Test
        void addsLatencyAndStillAnswers() {
            emulator.injectFaults(Faults.builder().latency(Duration.ofMillis(20)).build());

            assertThat(put(entry().build()).failedEntryCount()).isZero();
        }

        private PutEventsRequestEntry[] tenEntries() {
            return IntStream.range(0, 10).mapToObj(i -> entry().build()).toArray(PutEventsRequestEntry[]::new);
        }

        private List<String> codes(PutEventsResponse response) {
            return response.entries().stream().map(PutEventsResultEntry::errorCode).toList();
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void listensOnLoopbackAndStopsListeningWhenClosed() throws Exception {
            int port = emulator.port();
            assertThat(emulator.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);

            emulator.close();

            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        }

        @Test
        void answersOtherOperationsWithUnknownOperation() {
            assertThatThrownBy(() -> client.listRules(request -> request.namePrefix("x")))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("AWSEvents.ListRules")
                                .contains("supports AWSEvents.PutEvents");
                    });
        }

        @Test
        void countsPutEventsCalls() {
            put(entry().build());
            put(entry().build(), entry().build());

            assertThat(emulator.putEventsRequests()).isEqualTo(2);
        }
    }

    static String detailOfBytes(int bytes) {
        // {"p":"xxx..."} is 8 bytes of JSON around the padding
        return "{\"p\":\"" + "x".repeat(bytes - 8) + "\"}";
    }
}
