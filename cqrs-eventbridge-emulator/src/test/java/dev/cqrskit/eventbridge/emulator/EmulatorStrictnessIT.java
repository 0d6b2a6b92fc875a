package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What AWS refuses, the emulator refuses, in the shape the AWS SDK for Java parses AWS's answer into. */
class EmulatorStrictnessIT {

    private final EventBridgeEmulator emulator = EventBridgeEmulator.builder().region("eu-west-1")
            .requireSignedRequests(true).start();
    private final EventBridgeClient client = EmulatorClients.client(emulator);

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private static PutEventsRequestEntry.Builder entry() {
        return PutEventsRequestEntry.builder().source("users").detailType("user.UserRegistered.v1").detail("{}");
    }

    private PutEventsResponse put(PutEventsRequestEntry... entries) {
        return client.putEvents(request -> request.entries(entries));
    }

    @Test
    void acceptsADetailTypeOf128Characters() {
        assertThat(put(entry().detailType("d".repeat(128)).build()).failedEntryCount()).isZero();
    }

    @Test
    void rejectsDetailTypeLongerThan128Characters() {
        PutEventsResponse response = put(entry().detailType("d".repeat(129)).build(), entry().build());

        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries().get(0).errorCode()).isEqualTo("InvalidArgument");
        assertThat(response.entries().get(0).errorMessage()).isEqualTo("Parameter DetailType is not valid. Reason:"
                + " DetailType has 129 characters, more than the maximum of 128.");
        assertThat(response.entries().get(1).eventId()).isNotNull();
        assertThat(emulator.events()).hasSize(1);
    }

    @Test
    void rejectsSourceStartingWithAwsDot() {
        PutEventsResponse response = put(entry().source("aws.ec2").build());

        assertThat(response.entries()).extracting(PutEventsResultEntry::errorCode)
                .containsExactly("NotAuthorizedForSourceException");
        assertThat(response.entries()).extracting(PutEventsResultEntry::errorMessage)
                .containsExactly("Not authorized for the source.");
        assertThat(emulator.events()).isEmpty();
    }

    @Test
    void acceptsATraceHeaderOf500Characters() {
        assertThat(put(entry().traceHeader("t".repeat(500)).build()).failedEntryCount()).isZero();
    }

    @Test
    void rejectsTraceHeaderLongerThan500Characters() {
        String trace = "t".repeat(501);

        assertThatThrownBy(() -> put(entry().build(), entry().traceHeader(trace).build()))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '"
                            + trace + "' at 'entries.2.member.traceHeader' failed to satisfy constraint: Member must"
                            + " have length less than or equal to 500");
                });
        assertThat(emulator.events()).isEmpty();
    }

    @Test
    void rejectsBusNameOutsideTheNamePattern() {
        assertThatThrownBy(() -> put(entry().eventBusName("domain events").build()))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value"
                            + " 'domain events' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member"
                            + " must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:"
                            + "[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+");
                });
    }

    @Test
    void acceptsBusNamesOfTheNamePatternAndEventBusArns() {
        PutEventsResponse response = put(entry().eventBusName("partner/acme.com_events-1").build(),
                entry().eventBusName("arn:aws:events:eu-west-1:123456789012:event-bus/domain-events").build());

        assertThat(response.failedEntryCount()).isZero();
        assertThat(emulator.events()).extracting(EmulatedEvent::eventBusName)
                .containsExactly("partner/acme.com_events-1", "domain-events");
    }

    @Test
    void rejectsBusNameLongerThan1600Characters() {
        String bus = "b".repeat(1601);

        assertThatThrownBy(() -> put(entry().eventBusName(bus).build()))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("1 validation error detected: Value '" + bus + "' at 'entries.1.member.eventBusName'"
                                + " failed to satisfy constraint: Member must have length less than or equal to 1600"));
    }

    @Test
    void listsEveryConstraintViolationOfARequest() {
        assertThatThrownBy(() -> put(entry().eventBusName("a b").build(), entry().traceHeader("t".repeat(501)).build()))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("2 validation errors detected: Value 'a b' at 'entries.1.member.eventBusName'")
                        .contains("; Value '" + "t".repeat(501) + "' at 'entries.2.member.traceHeader'"));
    }

    @Test
    void acceptsUpToOneByteUnderOneMebibyteWithTheLargeLimit() {
        try (EventBridgeEmulator large = EventBridgeEmulator.builder().largeRequestSizeLimit().start();
             EventBridgeClient largeClient = EmulatorClients.client(large)) {
            // Source "users" (5) + DetailType (22) + Detail
            PutEventsRequestEntry under = entry().detail(EventBridgeEmulatorIT.detailOfBytes(1_048_575 - 27)).build();
            PutEventsRequestEntry at = entry().detail(EventBridgeEmulatorIT.detailOfBytes(1_048_576 - 27)).build();

            assertThat(largeClient.putEvents(request -> request.entries(under)).failedEntryCount()).isZero();
            assertThatThrownBy(() -> largeClient.putEvents(request -> request.entries(at)))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> assertThat(e.awsErrorDetails()
                            .errorMessage()).isEqualTo("Total size of the entries in the request is over the limit."));
        }
    }
}
