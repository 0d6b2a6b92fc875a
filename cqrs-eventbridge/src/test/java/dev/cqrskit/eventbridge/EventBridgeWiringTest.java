package dev.cqrskit.eventbridge;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration and wiring shown in docs/eventbridge.md; built here so it cannot drift. */
class EventBridgeWiringTest {

    private final Jdbi jdbi = Jdbi.create("jdbc:postgresql://localhost:5432/app");

    @Test
    void mapsEventTypesToSourcesBusesAndResources() {
        // tag::mapping[]
        EventBridgePublisherConfig config = EventBridgePublisherConfig.builder()
                .defaultMapping(EventMapping.builder().source("com.example.users").eventBusName("domain-events").build())
                .mapping("user.PasswordChanged.v1", EventMapping.builder()
                        .source("com.example.security")
                        .resources(event -> List.of("arn:aws:example:::user/" + event.key()))
                        .schemaVersion("2")
                        .build())
                .build();
        // end::mapping[]
        assertThat(config.mappingFor("user.PasswordChanged.v1")).isNotEqualTo(config.defaultMapping());
        assertThat(config.mappingFor("user.UserRegistered.v1")).isEqualTo(config.defaultMapping());
    }

    @Test
    void buildsTheClientFromItsConfiguration() {
        // tag::client[]
        EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                .region("eu-west-1")                    // empty: AWS_REGION, then the profile
                .credentials(null)                      // null/absent: the SDK's default provider chain
                .connectTimeout(Duration.ofSeconds(2))
                .attemptTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(30))
                .maxConnections(16)
                .build());
        // end::client[]
        assertThat(client).isNotNull();
        client.close();
    }

    @Test
    void wiresThePublisherBehindTheRelay() {
        // tag::relay[]
        EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                .region("eu-west-1")
                .build());
        EventBridgePublisher publisher = new EventBridgePublisher(client, EventBridgePublisherConfig.defaults());
        OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .batchSize(500).concurrency(2)
                .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(200)).maxAttempts(5)
                .build());
        relay.start();
        // end::relay[]
        assertThat(relay.isRunning()).isTrue();
        relay.close();   // no PostgreSQL here: the relay is started and stopped, nothing is claimed
        assertThat(relay.isRunning()).isFalse();
        publisher.close();
        client.close();
    }
}
