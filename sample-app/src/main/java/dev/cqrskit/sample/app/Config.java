package dev.cqrskit.sample.app;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The app's settings, read from environment variables and validated at start-up; every error names the variable.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>HOST</td><td>127.0.0.1</td><td>address the HTTP server binds</td></tr>
 *   <tr><td>PORT</td><td>8080</td><td>HTTP port, 0 for any free port</td></tr>
 *   <tr><td>DATABASE_URL</td><td>(embedded PostgreSQL)</td><td>a {@code jdbc:postgresql://} URL</td></tr>
 *   <tr><td>DATABASE_USER, DATABASE_PASSWORD</td><td>postgres, (none)</td><td>credentials for DATABASE_URL</td></tr>
 *   <tr><td>BROKER</td><td>eventbridge</td><td>{@code eventbridge} or {@code kafka}: what carries events between
 *       the app's contexts</td></tr>
 *   <tr><td>KAFKA_BOOTSTRAP_SERVERS</td><td>(in-process Kafka)</td><td>{@code host:port[,host:port...]} of a Kafka
 *       cluster for {@code kafka}</td></tr>
 *   <tr><td>EVENTBRIDGE</td><td>emulator</td><td>{@code emulator} (in-process) or {@code aws}</td></tr>
 *   <tr><td>EVENTBRIDGE_ENDPOINT</td><td>(none)</td><td>endpoint override for {@code aws}</td></tr>
 *   <tr><td>AWS_REGION</td><td>eu-west-1</td><td>region for {@code aws}</td></tr>
 *   <tr><td>EVENT_BUS_NAME</td><td>default</td><td>the bus events go to</td></tr>
 *   <tr><td>JWT_SECRET</td><td>(generated per run)</td><td>base64 HMAC key of at least 32 bytes</td></tr>
 *   <tr><td>TOKEN_TTL_MINUTES</td><td>15</td><td>how long a token works</td></tr>
 *   <tr><td>VERIFICATION_CODE_SECRET</td><td>(generated per run)</td><td>base64 HMAC key of at least 32 bytes for
 *       verification codes</td></tr>
 *   <tr><td>REGISTRATIONS_PER_HOUR</td><td>20</td><td>registrations allowed per client address per hour</td></tr>
 * </table>
 *
 * @param host               the bind address
 * @param port               the HTTP port
 * @param databaseUrl        an external database, or empty for the embedded one
 * @param databaseUser       the database user
 * @param databasePassword   the database password
 * @param broker           what carries the events between the contexts
 * @param kafkaBootstrapServers a Kafka cluster, or empty for the in-process one (with {@code BROKER=kafka})
 * @param eventBridgeAws     whether to publish to real EventBridge instead of the emulator
 * @param eventBridgeEndpoint an endpoint override for real EventBridge
 * @param awsRegion          the AWS region
 * @param eventBusName       the event bus
 * @param jwtSecret          the HMAC key, or empty to generate one
 * @param tokenTtl           how long a token works
 * @param codeSecret         the HMAC key of verification codes, or empty to generate one
 * @param registrationsPerHour registrations allowed per client address per hour
 */
public record Config(String host, int port, Optional<String> databaseUrl, String databaseUser,
                     String databasePassword, Broker broker, Optional<String> kafkaBootstrapServers,
                     boolean eventBridgeAws, Optional<URI> eventBridgeEndpoint,
                     String awsRegion, String eventBusName, Optional<byte[]> jwtSecret, Duration tokenTtl,
                     Optional<byte[]> codeSecret, int registrationsPerHour) {

    /**
     * Reads the settings.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return the settings
     * @throws ConfigException naming the first bad variable
     */
    public static Config from(Map<String, String> env) {
        String host = text(env, "HOST", "127.0.0.1");
        int port = number(env, "PORT", 8080, 0, 65_535);
        Optional<String> databaseUrl = optional(env, "DATABASE_URL");
        databaseUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new ConfigException("DATABASE_URL must be a PostgreSQL JDBC URL like"
                        + " jdbc:postgresql://localhost:5432/app, but was '" + shorten(url) + "'");
            }
        });
        String brokerName = text(env, "BROKER", "eventbridge");
        Broker broker = switch (brokerName) {
            case "eventbridge" -> Broker.EVENTBRIDGE;
            case "kafka" -> Broker.KAFKA;
            default -> throw new ConfigException("BROKER must be 'eventbridge' or 'kafka', but was '"
                    + shorten(brokerName) + "'");
        };
        Optional<String> kafka = optional(env, "KAFKA_BOOTSTRAP_SERVERS");
        kafka.ifPresent(servers -> {
            if (broker != Broker.KAFKA) {
                throw new ConfigException("KAFKA_BOOTSTRAP_SERVERS is only used with BROKER=kafka; set BROKER=kafka"
                        + " or remove KAFKA_BOOTSTRAP_SERVERS");
            }
            if (!BOOTSTRAP_SERVERS.matcher(servers).matches()) {
                throw new ConfigException("KAFKA_BOOTSTRAP_SERVERS must be host:port pairs separated by commas, like"
                        + " kafka-1:9092,kafka-2:9092, but was '" + shorten(servers) + "'");
            }
        });
        String mode = text(env, "EVENTBRIDGE", "emulator");
        if (!mode.equals("emulator") && !mode.equals("aws")) {
            throw new ConfigException("EVENTBRIDGE must be 'emulator' or 'aws', but was '" + shorten(mode) + "'");
        }
        Optional<URI> endpoint = optional(env, "EVENTBRIDGE_ENDPOINT").map(text -> {
            try {
                URI uri = URI.create(text);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigException("EVENTBRIDGE_ENDPOINT must be a URL like https://events.eu-west-1.amazonaws.com,"
                        + " but was '" + shorten(text) + "'");
            }
        });
        Optional<byte[]> secret = secret(env, "JWT_SECRET");
        Duration ttl = Duration.ofMinutes(number(env, "TOKEN_TTL_MINUTES", 15, 1, 24 * 60));
        Optional<byte[]> codeSecret = secret(env, "VERIFICATION_CODE_SECRET");
        int registrations = number(env, "REGISTRATIONS_PER_HOUR", 20, 1, 1_000_000);
        return new Config(host, port, databaseUrl, text(env, "DATABASE_USER", "postgres"),
                text(env, "DATABASE_PASSWORD", ""), broker, kafka, mode.equals("aws"), endpoint, text(env, "AWS_REGION", "eu-west-1"),
                text(env, "EVENT_BUS_NAME", "default"), secret, ttl, codeSecret, registrations);
    }

    /**
     * Returns these settings with another port and the EventBridge emulator, as the demo runs; the broker stays.
     *
     * @param port the port
     * @return the settings
     */
    Config locally(int port) {
        return new Config(host, port, databaseUrl, databaseUser, databasePassword, broker, kafkaBootstrapServers, false,
                eventBridgeEndpoint,
                awsRegion, eventBusName, jwtSecret, tokenTtl, codeSecret, registrationsPerHour);
    }

    /** What carries the events between the app's contexts. */
    public enum Broker {
        /** The outbox relay publishes to EventBridge (the in-process emulator, or AWS); rules feed the consumers. */
        EVENTBRIDGE,
        /** The outbox relay publishes to Kafka topics (an in-process cluster, or KAFKA_BOOTSTRAP_SERVERS). */
        KAFKA
    }

    private static final Pattern BOOTSTRAP_SERVERS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    private static Optional<byte[]> secret(Map<String, String> env, String name) {
        return optional(env, name).map(text -> {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " must be base64; generate one with: openssl rand -base64 32");
            }
            if (bytes.length < 32) {
                throw new ConfigException(name + " must decode to at least 32 bytes, but has " + bytes.length
                        + "; generate one with: openssl rand -base64 32");
            }
            return bytes;
        });
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        return optional(env, name).orElse(fallback);
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        Optional<String> text = optional(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", but was '"
                    + shorten(text.get()) + "'");
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
