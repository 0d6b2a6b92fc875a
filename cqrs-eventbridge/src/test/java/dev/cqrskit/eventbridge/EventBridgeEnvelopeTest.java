package dev.cqrskit.eventbridge;

import dev.cqrskit.outbox.EventCodec;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeEnvelopeTest {

    private static final UUID MESSAGE = UUID.fromString("5b9c3c6e-8f1a-4a57-9a43-0d6c6f1f2a01");
    private static final UUID CORRELATION = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final UUID CAUSATION = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    /** An event as EventBridge delivers it to a target, in the shape and field order of AWS's documentation. */
    private static String delivered(String detail) {
        return """
                {
                  "version": "0",
                  "source": "com.example.users",
                  "account": "123456789012",
                  "id": "12345678-1234-1234-1234-111122223333",
                  "region": "eu-west-1",
                  "detail-type": "user.UserRegistered.v1",
                  "time": "2026-11-22T10:15:30Z",
                  "resources": ["arn:aws:example:eu-west-1:123456789012:user/user-42"],
                  "detail": %s
                }
                """.formatted(detail);
    }

    @Nested
    class ReadingWhatThePublisherWrote {

        @Test
        void readsTypeKeyPayloadAndMetadataBackFromTheDeliveredEvent() {
            // given
            SerializedEvent published = new SerializedEvent("user.UserRegistered.v1", "user-42",
                    "{\"email\":\"ada@example.com\",\"amount\":12.50,\"big\":123456789012345678901234567890}",
                    Metadata.builder().messageId(MESSAGE).correlationId(CORRELATION).causationId(CAUSATION)
                            .occurredAt(Instant.parse("2026-11-22T10:15:30.123456Z")).tenant("acme")
                            .principal("user-9").build());

            // when
            SerializedEvent read = EventBridgeEnvelope.read(delivered(DetailEnvelope.of(published, "1")));

            // then
            assertThat(read.type()).isEqualTo("user.UserRegistered.v1");
            assertThat(read.key()).isEqualTo("user-42");
            assertThat(read.payload()).isEqualTo(published.payload());
            Metadata metadata = read.metadata();
            assertThat(metadata.messageId()).isEqualTo(MESSAGE);
            assertThat(metadata.correlationId()).isEqualTo(CORRELATION);
            assertThat(metadata.causationId()).contains(CAUSATION);
            assertThat(metadata.occurredAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
            assertThat(metadata.tenant()).contains("acme");
            assertThat(metadata.principal()).as("the principal stays inside the service").isEmpty();
            assertThat(metadata.headers()).isEmpty();
        }

        @Test
        void carriesTheRelaysPerKeySequenceSoAConsumerCanCheckOrder() {
            SerializedEvent published = new SerializedEvent("user.UserRegistered.v1", "user-42", "{}",
                    Metadata.builder().messageId(MESSAGE).correlationId(CORRELATION)
                            .occurredAt(Instant.parse("2026-11-22T10:15:30Z"))
                            .header(EventCodec.SEQUENCE_HEADER, "1234").build());

            String detail = DetailEnvelope.of(published, "1");
            SerializedEvent read = EventBridgeEnvelope.read(delivered(detail));

            assertThat(detail).contains("\"sequence\":1234");
            assertThat(read.metadata().headers()).containsEntry(EventCodec.SEQUENCE_HEADER, "1234");
        }

        @Test
        void rebuildsTheTraceparentFromTheXrayTraceHeader() {
            SerializedEvent published = EventFixtures.anEvent("user-1");

            SerializedEvent read = EventBridgeEnvelope.read(delivered(DetailEnvelope.of(published, "1")),
                    "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

            assertThat(read.metadata().headers()).isEqualTo(Map.of(Metadata.TRACEPARENT,
                    "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"));
        }

        @Test
        void roundTripsATraceparentThroughTheXrayHeaderWhateverTheOrderOfItsParts() {
            String traceparent = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00";

            assertThat(TraceHeaders.toTraceparent(TraceHeaders.fromTraceparent(traceparent).orElseThrow()))
                    .contains(traceparent);
            assertThat(TraceHeaders.toTraceparent(
                    "Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793"))
                    .contains("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
            assertThat(TraceHeaders.toTraceparent("Root=1-5759e988-bd862e3fe1be46a994272793")).isEmpty();
            assertThat(TraceHeaders.toTraceparent("garbage")).isEmpty();
        }

        @Test
        void readsTheEventFromAStreamAsALambdaFunctionGetsIt() {
            SerializedEvent published = EventFixtures.anEvent("user-7");
            byte[] json = delivered(DetailEnvelope.of(published, "1")).getBytes(StandardCharsets.UTF_8);

            SerializedEvent read = EventBridgeEnvelope.read(new ByteArrayInputStream(json), null);

            assertThat(read.messageId()).isEqualTo(published.messageId());
            assertThat(read.key()).isEqualTo("user-7");
        }

        @Test
        void fallsBackToTheDetailTypeTheTimeAndTheMessageIdForWhatOlderEnvelopesLack() {
            String detail = "{\"metadata\":{\"messageId\":\"" + MESSAGE + "\"},\"data\":[1,2]}";

            SerializedEvent read = EventBridgeEnvelope.read(delivered(detail));

            assertThat(read.type()).isEqualTo("user.UserRegistered.v1");
            assertThat(read.key()).isEqualTo(MESSAGE.toString());
            assertThat(read.payload()).isEqualTo("[1,2]");
            assertThat(read.metadata().correlationId()).isEqualTo(MESSAGE);
            assertThat(read.metadata().occurredAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        }
    }

    @Nested
    class RefusingWhatIsNotAnEnvelope {

        @Test
        void refusesJsonThatIsNotAnObject() {
            assertThatThrownBy(() -> EventBridgeEnvelope.read("[1]"))
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage("An EventBridge event is a JSON object with version, id, detail-type, source, account,"
                            + " time, region, resources and detail, but this is a JSON array.");
        }

        @Test
        void refusesAForeignEventAndSaysWhatItCarries() {
            assertThatThrownBy(() -> EventBridgeEnvelope.read(delivered("{\"stack-id\":\"x\",\"status\":\"OK\"}")))
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage("EventBridge event 12345678-1234-1234-1234-111122223333 (source com.example.users,"
                            + " detail-type user.UserRegistered.v1) carries no cqrs-kit envelope: its detail needs"
                            + " \"metadata\" and \"data\", but has [stack-id, status].");
        }

        @Test
        void refusesAnEnvelopeWithoutAMessageIdOrWithABadOne() {
            assertThatThrownBy(() -> EventBridgeEnvelope.read(delivered("{\"metadata\":{\"type\":\"t\"},\"data\":{}}")))
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage("The cqrs-kit envelope has no detail.metadata.messageId; fields present: [type].");
            assertThatThrownBy(() -> EventBridgeEnvelope.read(delivered(
                    "{\"metadata\":{\"messageId\":\"nope\"},\"data\":{}}")))
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessage("detail.metadata.messageId must be a UUID, but was 'nope'.");
        }

        @Test
        void refusesTextThatIsNotJson() {
            assertThatThrownBy(() -> EventBridgeEnvelope.read("{\"version\":"))
                    .isInstanceOf(EnvelopeFormatException.class)
                    .hasMessageStartingWith("The EventBridge event is not valid JSON: ");
        }
    }
}
