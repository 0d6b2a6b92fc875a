package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.test.contract.EventPublisherContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.List;
import java.util.UUID;

/**
 * {@link EventBridgePublisher} keeps the promises of every {@link EventPublisher}, against the emulator through the
 * real AWS SDK client: a per-entry throttle for one message id is its retryable failure, a role denied every call
 * its fault of the deployment. What the broker received is read back with {@link EventBridgeEnvelope}.
 */
class EventBridgePublisherContractIT extends EventPublisherContract {

    private EventBridgeEmulator emulator;
    private EventBridgePublisher publisher;

    @BeforeEach
    void start() {
        emulator = EventBridgeEmulator.builder().region("eu-west-1").requireSignedRequests(true).start();
        publisher = EventBridgePublisher.create(EventBridgeClientConfig.builder()
                        .region(emulator.region())
                        .endpointOverride(emulator.endpoint())
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                        .build(),
                EventBridgePublisherConfig.builder()
                        .defaultMapping(EventMapping.builder().source("com.example.contract").build())
                        .build());
    }

    @AfterEach
    void stop() {
        publisher.close();
        emulator.close();
    }

    @Override
    protected EventPublisher publisher() {
        return publisher;
    }

    @Override
    protected List<UUID> received() {
        return emulator.events().stream()
                .map(event -> EventBridgeEnvelope.read(event.toJson(), event.traceHeader().orElse(null)).messageId())
                .toList();
    }

    @Override
    protected void failRetryably(UUID messageId) {
        emulator.injectFaults(emulator.faults().toBuilder().throttleEntriesContaining(messageId.toString()).build());
    }

    @Override
    protected void failSystemically(boolean on) {
        emulator.injectFaults(emulator.faults().toBuilder().denyEveryCall(on).build());
    }
}
