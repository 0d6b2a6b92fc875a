package dev.cqrskit.eventbridge;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.cqrskit.core.publish.SerializedEvent;

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
                    .hasMessage("cqrs.eventbridge.publisher.max-entries-per-request must be between 1 and 10, but was 11");
        }

        @Test
        void rejectsASizeLimitAboveOneMebibyte() {
            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().maxRequestBytes(1_048_577).build())
                    .hasMessage("cqrs.eventbridge.publisher.max-request-bytes must be between 1 and 1048576, but was 1048577");
        }

        @Test
        void rejectsZeroCallsInFlight() {
            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().maxConcurrentRequests(0).build())
                    .hasMessage("cqrs.eventbridge.publisher.max-concurrent-requests must be between 1 and 64, but was 0");
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
        void acceptsTheOneMebibyteLimitAsAnExplicitOption() {
            assertThat(EventBridgePublisherConfig.builder().largeRequestSizeLimit().build().maxRequestBytes())
                    .isEqualTo(1_048_576);
        }

        @Test
        void rejectsAMappedTypeNameLongerThan128CharactersAsDefaultDetailType() {
            String type = "t".repeat(129);

            assertThatThrownBy(() -> EventBridgePublisherConfig.builder().mapping(type, EventMapping.defaults()).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.publisher.mappings[" + type + "].detail-type must be at most 128"
                            + " characters (the default detail type is the event type name; give the type a mapping"
                            + " with a shorter detailType), but was the type name '" + "t".repeat(80) + "...' of 129"
                            + " characters");
        }

        @Test
        void acceptsALongTypeNameWhoseMappingHasItsOwnDetailType() {
            EventMapping shortName = EventMapping.builder().detailType("Short").build();

            assertThat(EventBridgePublisherConfig.builder().mapping("t".repeat(129), shortName).build()
                    .mappingFor("t".repeat(129))).isSameAs(shortName);
        }

        @Test
        void rejectsMoreCallsInFlightThanTheClientHasConnections() {
            EventBridgePublisherConfig config = EventBridgePublisherConfig.builder().maxConcurrentRequests(4).build();
            EventBridgeClientConfig client = EventBridgeClientConfig.builder().region("eu-west-1").maxConnections(2)
                    .build();

            assertThatThrownBy(() -> EventBridgePublisher.create(client, config))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.publisher.max-concurrent-requests must be at most"
                            + " cqrs.eventbridge.client.max-connections (2): each call in flight needs a connection;"
                            + " raise max-connections or lower max-concurrent-requests, but was 4");
        }

        @Test
        void createsAPublisherWhenTheClientHasAConnectionForEveryCall() {
            EventBridgeClientConfig client = EventBridgeClientConfig.builder().region("eu-west-1").maxConnections(4)
                    .build();

            try (EventBridgePublisher publisher = EventBridgePublisher.create(client,
                    EventBridgePublisherConfig.builder().maxConcurrentRequests(4).build())) {
                assertThat(publisher).isNotNull();
            }
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
                    .hasMessage("cqrs.eventbridge.mapping.source must not be blank, but was ' '");
        }

        @Test
        void rejectsDetailTypeLongerThan128Characters() {
            assertThatThrownBy(() -> EventMapping.builder().detailType("d".repeat(129)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.mapping.detail-type must be at most 128 characters, but was 129"
                            + " characters: '" + "d".repeat(80) + "...'");
        }

        @Test
        void acceptsDetailTypeOf128Characters() {
            assertThat(EventMapping.builder().detailType("d".repeat(128)).build().detailType())
                    .contains("d".repeat(128));
        }

        @Test
        void rejectsADefaultDetailTypeLongerThan128CharactersWhenMapping() {
            SerializedEvent event = EventFixtures.anEvent("t".repeat(129), "user-1", "{}");

            assertThatThrownBy(() -> EventMapping.defaults().detailTypeOf(event))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cqrs.eventbridge.mapping.detail-type must be at most 128 characters");
        }

        @Test
        void rejectsSourceStartingWithAwsDot() {
            assertThatThrownBy(() -> EventMapping.builder().source("aws.ec2").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.mapping.source must be a source of your own: EventBridge reserves"
                            + " 'aws.' for AWS services and fails such entries with NotAuthorizedForSourceException,"
                            + " but was 'aws.ec2'");
        }

        @Test
        void rejectsBusNameOutsideTheNamePattern() {
            assertThatThrownBy(() -> EventMapping.builder().eventBusName("domain events").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.mapping.event-bus-name must be a bus name of [/.\\-_A-Za-z0-9]+ or an"
                            + " event-bus ARN like arn:aws:events:eu-west-1:123456789012:event-bus/domain-events, but"
                            + " was 'domain events'");
        }

        @Test
        void acceptsBusNamesOfTheNamePatternAndEventBusArns() {
            assertThat(EventMapping.builder().eventBusName("partner/acme.com_events-1").build().eventBusName())
                    .isEqualTo("partner/acme.com_events-1");
            assertThat(EventMapping.builder()
                    .eventBusName("arn:aws:events:eu-west-1:123456789012:event-bus/domain-events").build()
                    .eventBusName()).endsWith("event-bus/domain-events");
        }

        @Test
        void rejectsBusNameLongerThan1600Characters() {
            assertThatThrownBy(() -> EventMapping.builder().eventBusName("b".repeat(1601)).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventbridge.mapping.event-bus-name must be at most 1600 characters, but was 1601"
                            + " characters: '" + "b".repeat(80) + "...'");
        }

        @Test
        void rejectsAMissingBus() {
            assertThatThrownBy(() -> EventMapping.builder().eventBusName(null).build())
                    .hasMessage("cqrs.eventbridge.mapping.event-bus-name must not be null");
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
                    .hasMessage("cqrs.eventbridge.client.region must be a region name like eu-west-1, but was 'EU West'");
        }

        @Test
        void rejectsARelativeEndpoint() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().endpointOverride(URI.create("localhost")).build())
                    .hasMessage("cqrs.eventbridge.client.endpoint-override must be an absolute URI like"
                            + " http://127.0.0.1:4010, but was 'localhost'");
        }

        @Test
        void rejectsACallTimeoutShorterThanAnAttempt() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().attemptTimeout(Duration.ofSeconds(5))
                    .callTimeout(Duration.ofSeconds(1)).build())
                    .hasMessage("cqrs.eventbridge.client.call-timeout must be at least"
                            + " cqrs.eventbridge.client.attempt-timeout (PT5S), but was PT1S");
        }

        @Test
        void rejectsZeroTimeoutsAndAttempts() {
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().connectTimeout(Duration.ZERO).build())
                    .hasMessage("cqrs.eventbridge.client.connect-timeout must be positive, but was PT0S");
            assertThatThrownBy(() -> EventBridgeClientConfig.builder().maxAttempts(0).build())
                    .hasMessage("cqrs.eventbridge.client.max-attempts must be between 1 and 10, but was 0");
        }
    }
}
