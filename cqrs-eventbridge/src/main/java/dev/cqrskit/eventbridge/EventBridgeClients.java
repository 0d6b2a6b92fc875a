package dev.cqrskit.eventbridge;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import java.util.Objects;

/**
 * Builds {@link EventBridgeClient}s on the synchronous Apache 5 HTTP client, the only HTTP client cqrs-eventbridge
 * brings along.
 *
 * <pre>{@code
 * EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder().region("eu-west-1").build());
 * }</pre>
 *
 * <p>This class is threadsafe; the clients it builds are threadsafe and must be closed by the caller.
 *
 * @since 0.1.0
 */
public final class EventBridgeClients {

    private EventBridgeClients() {
    }

    /**
     * Builds a client.
     *
     * @param config region, credentials, endpoint, timeouts, pool size and SDK attempts
     * @return a new client; close it when done
     * @throws IllegalStateException if the SDK cannot build it (no region found, for one); the message says how to
     *                               fix it
     */
    public static EventBridgeClient create(EventBridgeClientConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        EventBridgeClientBuilder builder = EventBridgeClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.socketTimeout())
                        .maxConnections(config.maxConnections()))
                .overrideConfiguration(override -> override
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.callTimeout())
                        .retryStrategy(config.maxAttempts() == 1
                                ? AwsRetryStrategy.doNotRetry()
                                : AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                        .maxAttempts(config.maxAttempts()).build()));
        config.region().map(Region::of).ifPresent(builder::region);
        config.endpointOverride().ifPresent(builder::endpointOverride);
        config.credentials().ifPresent(builder::credentialsProvider);
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new IllegalStateException("Could not build the EventBridge client: " + e.getMessage()
                    + ". Set EventBridgeClientConfig.builder().region(...) or the AWS_REGION environment variable.", e);
        }
    }
}
