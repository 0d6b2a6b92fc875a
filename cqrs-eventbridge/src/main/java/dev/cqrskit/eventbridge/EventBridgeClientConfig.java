package dev.cqrskit.eventbridge;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Configures the {@code EventBridgeClient} that {@link EventBridgeClients#create(EventBridgeClientConfig)} builds:
 * region, credentials, endpoint, timeouts, connection pool and SDK retries. Every value left out falls back to the
 * SDK's own default chain (region from {@code AWS_REGION} or the profile, credentials from the default provider
 * chain).
 *
 * <pre>{@code
 * EventBridgeClientConfig local = EventBridgeClientConfig.builder()
 *         .region("us-east-1")
 *         .endpointOverride(emulator.endpoint())
 *         .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param region           the AWS region, e.g. {@code eu-west-1}; empty for the SDK's region chain
 * @param endpointOverride another endpoint (the emulator, a VPC endpoint); empty for the regional one
 * @param credentials      the credentials provider; empty for the SDK's default chain
 * @param connectTimeout   the TCP connect timeout; default 2 s
 * @param socketTimeout    the time to wait for response bytes; default 10 s
 * @param attemptTimeout   the limit of one HTTP attempt; default 10 s
 * @param callTimeout      the limit of a call including SDK retries; default 30 s
 * @param maxConnections   the HTTP connection pool size; default 16
 * @param maxAttempts      SDK attempts per call, 1 (the default) for no SDK retries
 * @since 0.1.0
 */
public record EventBridgeClientConfig(Optional<String> region, Optional<URI> endpointOverride,
                                      Optional<AwsCredentialsProvider> credentials, Duration connectTimeout,
                                      Duration socketTimeout, Duration attemptTimeout, Duration callTimeout,
                                      int maxConnections, int maxAttempts) {

    /** Validates every part; messages name the property. */
    public EventBridgeClientConfig {
        Settings.notNull("client.region", region);
        region.ifPresent(name -> Settings.require(name.matches("[a-z0-9-]+"), "client.region",
                "a region name like eu-west-1", Settings.quote(name)));
        Settings.notNull("client.endpoint-override", endpointOverride);
        endpointOverride.ifPresent(uri -> Settings.require(uri.getScheme() != null && uri.getHost() != null,
                "client.endpoint-override", "an absolute URI like http://127.0.0.1:4010", Settings.quote(uri.toString())));
        Settings.notNull("client.credentials", credentials);
        Settings.positive("client.connect-timeout", connectTimeout);
        Settings.positive("client.socket-timeout", socketTimeout);
        Settings.positive("client.attempt-timeout", attemptTimeout);
        Settings.positive("client.call-timeout", callTimeout);
        Settings.require(callTimeout.compareTo(attemptTimeout) >= 0, "client.call-timeout",
                "at least cqrs.eventbridge.client.attempt-timeout (" + attemptTimeout + ")", callTimeout);
        Settings.between("client.max-connections", maxConnections, 1, 1024);
        Settings.between("client.max-attempts", maxAttempts, 1, 10);
    }

    /** @return the SDK's region and credential chains, the regional endpoint, the default timeouts, no SDK retries */
    public static EventBridgeClientConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link EventBridgeClientConfig}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String region;
        private URI endpointOverride;
        private AwsCredentialsProvider credentials;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(10);
        private Duration attemptTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxConnections = 16;
        private int maxAttempts = 1;

        private Builder() {
        }

        /** @param region the region name, or {@code null} for the SDK's chain @return this builder */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** @param endpoint the endpoint to use instead of the regional one @return this builder */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        /** @param credentials the credentials provider, or {@code null} for the default chain @return this builder */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** @param timeout the TCP connect timeout @return this builder */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @param timeout the time to wait for response bytes @return this builder */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = timeout;
            return this;
        }

        /** @param timeout the limit of one HTTP attempt @return this builder */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = timeout;
            return this;
        }

        /** @param timeout the limit of a whole call, SDK retries included @return this builder */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        /** @param maxConnections the connection pool size @return this builder */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** @param maxAttempts SDK attempts per call; 1 turns SDK retries off @return this builder */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public EventBridgeClientConfig build() {
            return new EventBridgeClientConfig(Optional.ofNullable(region), Optional.ofNullable(endpointOverride),
                    Optional.ofNullable(credentials), connectTimeout, socketTimeout, attemptTimeout, callTimeout,
                    maxConnections, maxAttempts);
        }
    }
}
