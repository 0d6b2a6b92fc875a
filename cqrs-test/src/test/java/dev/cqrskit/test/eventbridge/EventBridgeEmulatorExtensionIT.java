package dev.cqrskit.test.eventbridge;

import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.eventbridge.emulator.EventQueue;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventBridgeEmulatorExtensionIT {

    private static final EventQueue REGISTRATIONS = new EventQueue();

    // tag::extension[]
    @RegisterExtension
    static final EventBridgeEmulatorExtension EVENTBRIDGE = EventBridgeEmulatorExtension.of(builder -> builder
            .region("eu-west-1")
            .rule("registrations", "{\"detail-type\":[\"user.UserRegistered.v1\"]}", REGISTRATIONS));
    // end::extension[]

    private static EventBridgeClient client(EventBridgeEmulator emulator, AwsCredentialsProvider credentials) {
        return EventBridgeClient.builder().endpointOverride(emulator.endpoint()).region(Region.of(emulator.region()))
                .credentialsProvider(credentials).build();
    }

    private static void register(EventBridgeClient client) {
        client.putEvents(request -> request.entries(entry -> entry.source("com.example.users")
                .detailType("user.UserRegistered.v1").detail("{\"email\":\"ada@example.com\"}")));
    }

    @Test
    @Order(1)
    void runsAnEmulatorWithTheConfiguredRulesAndHandsItToTheTest(EventBridgeEmulator emulator) {
        try (EventBridgeClient client = client(emulator,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            register(client);
        }

        EmulatedEvent event = REGISTRATIONS.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(event.region()).isEqualTo("eu-west-1");
        assertThat(EVENTBRIDGE.emulator()).isSameAs(emulator);
    }

    @Test
    @Order(2)
    void forgetsTheEventsOfEarlierTestsButKeepsTheEmulatorOfTheClass(EventBridgeEmulator emulator) {
        assertThat(emulator.events()).isEmpty();
        assertThat(emulator.putEventsRequests()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void refusesUnsignedRequestsLikeAws(EventBridgeEmulator emulator) {
        try (EventBridgeClient anonymous = client(emulator, AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> register(anonymous)).isInstanceOfSatisfying(EventBridgeException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken"));
        }
    }

    @Test
    void tellsHowToUseTheEmulatorOutsideATest() {
        EventBridgeEmulatorExtension unused = EventBridgeEmulatorExtension.strict();

        assertThatThrownBy(unused::emulator).isInstanceOf(IllegalStateException.class)
                .hasMessage("The EventBridge emulator runs only while a test runs. Register this extension with"
                        + " @RegisterExtension and use it from a test or a @BeforeEach method.");
    }
}
