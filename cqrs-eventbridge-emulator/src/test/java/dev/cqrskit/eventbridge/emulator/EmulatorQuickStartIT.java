package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of docs/eventbridge.md, "Using the emulator in tests", kept compiling and passing here. */
class EmulatorQuickStartIT {

    @Test
    void deliversARegistrationToTheRuleThatMatchesItsDetailType() {
        // tag::quick-start[]
        EventQueue registrations = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().requireSignedRequests(true)
                .region("eu-west-1")
                .rule("registrations", "{\"detail-type\":[\"user.UserRegistered.v1\"]}", registrations)
                .start();
             EventBridgeClient client = EventBridgeClient.builder()
                     .endpointOverride(emulator.endpoint())
                     .region(Region.of(emulator.region()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .build()) {

            client.putEvents(request -> request.entries(entry -> entry
                    .source("com.example.users")
                    .detailType("user.UserRegistered.v1")
                    .detail("{\"metadata\":{\"tenant\":\"acme\"},\"data\":{\"email\":\"ada@example.com\"}}")));

            EmulatedEvent event = registrations.await(1, Duration.ofSeconds(5)).get(0);
            assertThat(event.detail()).contains("\"tenant\":\"acme\"");
        }
        // end::quick-start[]
    }
}
