package dev.cqrskit.eventbridge.emulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** Builds the real AWS SDK v2 client pointed at an emulator, with SDK retries off so each call is one request. */
final class EmulatorClients {

    private EmulatorClients() {
    }

    static EventBridgeClient client(EventBridgeEmulator emulator) {
        return EventBridgeClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
