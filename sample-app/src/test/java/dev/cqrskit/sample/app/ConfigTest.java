package dev.cqrskit.sample.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void defaultsRunEverythingEmbedded() {
        Config config = Config.from(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.broker()).isEqualTo(Config.Broker.EVENTBRIDGE);
        assertThat(config.kafkaBootstrapServers()).isEmpty();
        assertThat(config.eventBridgeAws()).isFalse();
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.codeSecret()).isEmpty();
        assertThat(config.registrationsPerHour()).isEqualTo(20);
    }

    @Test
    void brokerKafkaUsesTheInProcessBrokerUnlessBootstrapServersAreGiven() {
        Config embedded = Config.from(Map.of("BROKER", "kafka"));
        Config external = Config.from(Map.of("BROKER", "kafka", "KAFKA_BOOTSTRAP_SERVERS", " kafka-1:9092,kafka-2:9093 "));

        assertThat(embedded.broker()).isEqualTo(Config.Broker.KAFKA);
        assertThat(embedded.kafkaBootstrapServers()).isEmpty();
        assertThat(external.kafkaBootstrapServers()).contains("kafka-1:9092,kafka-2:9093");
        assertThat(external.locally(0).broker()).isEqualTo(Config.Broker.KAFKA);
        assertThat(external.locally(0).kafkaBootstrapServers()).contains("kafka-1:9092,kafka-2:9093");
    }

    @Test
    void badBrokerSettingsAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> Config.from(Map.of("BROKER", "rabbitmq")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BROKER must be 'eventbridge' or 'kafka', but was 'rabbitmq'");
        assertThatThrownBy(() -> Config.from(Map.of("BROKER", "Kafka")))
                .hasMessage("BROKER must be 'eventbridge' or 'kafka', but was 'Kafka'");
        assertThatThrownBy(() -> Config.from(Map.of("BROKER", "kafka", "KAFKA_BOOTSTRAP_SERVERS", "kafka-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS must be host:port pairs separated by commas, like"
                        + " kafka-1:9092,kafka-2:9092, but was 'kafka-1'");
        assertThatThrownBy(() -> Config.from(Map.of("BROKER", "kafka", "KAFKA_BOOTSTRAP_SERVERS", "a:1, b:2")))
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS must be host:port pairs separated by commas, like"
                        + " kafka-1:9092,kafka-2:9092, but was 'a:1, b:2'");
        assertThatThrownBy(() -> Config.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS is only used with BROKER=kafka; set BROKER=kafka"
                        + " or remove KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void badValuesAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> Config.from(Map.of("PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PORT must be a whole number from 0 to 65535, but was 'eighty'");
        assertThatThrownBy(() -> Config.from(Map.of("PORT", "70000")))
                .hasMessage("PORT must be a whole number from 0 to 65535, but was '70000'");
        assertThatThrownBy(() -> Config.from(Map.of("DATABASE_URL", "postgres://localhost/app")))
                .hasMessage("DATABASE_URL must be a PostgreSQL JDBC URL like jdbc:postgresql://localhost:5432/app,"
                        + " but was 'postgres://localhost/app'");
        assertThatThrownBy(() -> Config.from(Map.of("EVENTBRIDGE", "kafka")))
                .hasMessage("EVENTBRIDGE must be 'emulator' or 'aws', but was 'kafka'");
        assertThatThrownBy(() -> Config.from(Map.of("JWT_SECRET", "c2hvcnQ=")))
                .hasMessage("JWT_SECRET must decode to at least 32 bytes, but has 5; generate one with:"
                        + " openssl rand -base64 32");
        assertThatThrownBy(() -> Config.from(Map.of("JWT_SECRET", "not base64!")))
                .hasMessage("JWT_SECRET must be base64; generate one with: openssl rand -base64 32");
        assertThatThrownBy(() -> Config.from(Map.of("VERIFICATION_CODE_SECRET", "c2hvcnQ=")))
                .hasMessage("VERIFICATION_CODE_SECRET must decode to at least 32 bytes, but has 5; generate one with:"
                        + " openssl rand -base64 32");
        assertThatThrownBy(() -> Config.from(Map.of("REGISTRATIONS_PER_HOUR", "0")))
                .hasMessage("REGISTRATIONS_PER_HOUR must be a whole number from 1 to 1000000, but was '0'");
        assertThatThrownBy(() -> Config.from(Map.of("TOKEN_TTL_MINUTES", "0")))
                .hasMessage("TOKEN_TTL_MINUTES must be a whole number from 1 to 1440, but was '0'");
        assertThatThrownBy(() -> Config.from(Map.of("EVENTBRIDGE_ENDPOINT", "not a url")))
                .hasMessage("EVENTBRIDGE_ENDPOINT must be a URL like https://events.eu-west-1.amazonaws.com, but"
                        + " was 'not a url'");
    }

    @Test
    void theCommandLineReportsBadConfigurationWithExitCodeTwo() {
        var out = new java.io.ByteArrayOutputStream();

        int code = SampleApp.run(java.util.List.of("serve"), Map.of("PORT", "x"),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("error: PORT must be a whole number from 0 to 65535, but was 'x'\n");
    }
}
