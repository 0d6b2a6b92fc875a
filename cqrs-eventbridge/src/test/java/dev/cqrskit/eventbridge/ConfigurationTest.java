package dev.cqrskit.eventbridge;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @Nested
    class PublisherConfig {

        @Test
        void defaultsToTenEntriesTwoHundredFiftySixKilobytesAndFourCallsInFlight() {
            EventBridgePublisherConfig config = EventBridgePublisherConfig.defaults();

            assertThat(config.maxEntriesPerRequest()).isEqualTo(10);
            assertThat(config.maxRequestBytes()).isEqualTo(262_144);
            assertThat(config.maxConcurrentRequests()).isEqualTo(4);
            assertThat(config.mappingFor("any.Type.v1")).isEqualTo(config.defaultMapping());
        }

        @Test
        void rejectsMoreThanTenEntriesPerCallNamingTheProperty() {
            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().maxEntriesPerRequest(11).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("eventBridgePublisher.maxEntriesPerRequest must be from 1 to 10 but was 11");
        }

        @Test
        void rejectsASizeLimitAboveOneMebibyte() {
            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().maxRequestBytes(1_048_577).build())
                    .hasMessage("eventBridgePublisher.maxRequestBytes must be from 1 to 1048576 but was 1048577");
        }

        @Test
        void rejectsZeroCallsInFlight() {
            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().maxConcurrentRequests(0).build())
                    .hasMessage("eventBridgePublisher.maxConcurrentRequests must be from 1 to 64 but was 0");
        }

        @Test
        void rejectsASecondMappingOfOneType() {
            EventBridgePublisherConfig.Builder builder = EventBridgePublisherConfig.builder()
                    .mapping("user.UserRegistered.v1", EventMapping.defaults());

            assertThatThrownBy(() -> builder.mapping("user.UserRegistered.v1", EventMapping.defaults()))
                    .hasMessage("Event type 'user.UserRegistered.v1' already has a mapping. Mapped types:"
                            + " [user.UserRegistered.v1]. Map each type once.");
        }

        @Test
        void usesTheMappingOfATypeWhenItHasOne() {
            EventMapping security = EventMapping.builder().source("com.example.security").build();

            EventBridgePublisherConfig config = EventBridgePublisherConfig.builder()
                    .mapping("user.PasswordChanged.v1", security).build();

            assertThat(config.mappingFor("user.PasswordChanged.v1")).isSameAs(security);
        }
    }

    @Nested
    class Mapping {

        @Test
        void defaultsToTheEventTypeAsDetailTypeOnTheDefaultBus() {
            EventMapping mapping = EventMapping.defaults();

            assertThat(mapping.source()).isEqualTo("cqrs-kit");
            assertThat(mapping.eventBusName()).isEqualTo("default");
            assertThat(mapping.schemaVersion()).isEqualTo("1");
            assertThat(mapping.detailTypeOf(EventFixtures.anEvent("user-1"))).isEqualTo("user.UserRegistered.v1");
        }

        @Test
        void rejectsABlankSource() {
            assertThatThrownBy(() -> EventMapping.builder().source(" ").build())
                    .hasMessage("eventMapping.source must not be blank");
        }

        @Test
        void rejectsAMissingBus() {
            assertThatThrownBy(() -> EventMapping.builder().eventBusName(null).build())
                    .hasMessage("eventMapping.eventBusName must not be null");
        }
    }

    @Nested
    class ClientConfig {

        @Test
        void defaultsToNoSdkRetriesAndTheSdkChains() {
            EventBridgeClientConfig config = EventBridgeClientConfig.defaults();

            assertThat(config.maxAttempts()).isEqualTo(1);
            assertThat(config.region()).isEmpty();
            assertThat(config.credentials()).isEmpty();
            assertThat(config.endpointOverride()).isEmpty();
        }

        @Test
        void rejectsARegionThatIsNotARegionName() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().region("EU West").build())
                    .hasMessage("eventBridgeClient.region must be a region name like eu-west-1 but was 'EU West'");
        }

        @Test
        void rejectsARelativeEndpoint() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().endpointOverride(URI.create("localhost")).build())
                    .hasMessage("eventBridgeClient.endpointOverride must be an absolute URI like http://127.0.0.1:4010"
                            + " but was 'localhost'");
        }

        @Test
        void rejectsACallTimeoutShorterThanAnAttempt() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().attemptTimeout(Duration.ofSeconds(5))
                    .callTimeout(Duration.ofSeconds(1)).build())
                    .hasMessage("eventBridgeClient.callTimeout (PT1S) must not be shorter than"
                            + " eventBridgeClient.attemptTimeout (PT5S)");
        }

        @Test
        void rejectsZeroTimeoutsAndAttempts() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().connectTimeout(Duration.ZERO).build())
                    .hasMessage("eventBridgeClient.connectTimeout must be positive but was PT0S");
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().maxAttempts(0).build())
                    .hasMessage("eventBridgeClient.maxAttempts must be from 1 to 10 but was 0");
        }
    }
}
