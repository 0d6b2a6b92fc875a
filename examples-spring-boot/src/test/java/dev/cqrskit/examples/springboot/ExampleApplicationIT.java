package dev.cqrskit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.eventbridge.emulator.Faults;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

// Short relay pauses after a systemic failure, so that health turns UP soon after the fault is lifted.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cqrs.outbox.relay.initial-backoff=100ms", "cqrs.outbox.relay.max-backoff=500ms"})
class ExampleApplicationIT {

    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final EventBridgeEmulator EVENTBRIDGE = EventBridgeEmulator.start();

    static {
        // The default AWS credentials chain reads these; the emulator accepts any credentials.
        System.setProperty("aws.accessKeyId", "example");
        System.setProperty("aws.secretAccessKey", "example");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            EVENTBRIDGE.close();
            try {
                POSTGRES.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }));
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        properties.add("spring.datasource.username", () -> "postgres");
        properties.add("spring.datasource.password", () -> "postgres");
        properties.add("cqrs.eventbridge.endpoint-override", () -> EVENTBRIDGE.endpoint().toString());
        properties.add("cqrs.eventbridge.region", EVENTBRIDGE::region);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void registersABookOverHttpAndRelaysItsEventToEventBridge() {
        // given a broker slow enough that the outbox row is still there to be seen
        EVENTBRIDGE.injectFaults(Faults.builder().latency(Duration.ofSeconds(2)).build());

        // when
        HttpResponse<String> created = post("/books", "{\"title\":\"Dune\"}");

        // then the command went through the bus, the event into the outbox in the same transaction
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":\"([0-9a-f-]+)\".*", "$1");
        assertThat(get("/books/" + id).body()).contains("\"title\":\"Dune\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cqrs_outbox WHERE ordering_key = ?", Long.class, id))
                .isEqualTo(1);

        // and the relay publishes it
        EVENTBRIDGE.clearFaults();
        EmulatedEvent event = EVENTBRIDGE.awaitEvent(e -> e.detail().contains(id), Duration.ofSeconds(30));
        assertThat(event.detailType()).isEqualTo("library.BookRegistered.v1");
        assertThat(event.source()).isEqualTo("library");
        awaitOutboxEmpty(id);

        // and the meters and health say so
        String prometheus = get("/actuator/prometheus").body();
        assertThat(prometheus).contains("cqrs_dispatch_seconds_count", "cqrs_outbox_pending",
                "cqrs_outbox_relay_published");
        String health = get("/actuator/health").body();
        assertThat(health).contains("\"cqrsOutbox\"").contains("\"pending\"").contains("\"parked\"");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsDownOverHttpWhileEventBridgeDeniesEveryCallAndUpOnceItAcceptsThemAgain() {
        // given a fault of the deployment: every PutEvents call is answered 403 AccessDeniedException
        EVENTBRIDGE.injectFaults(Faults.builder().denyEveryCall(true).build());
        String id;
        try {
            // when a book is registered
            HttpResponse<String> created = post("/books", "{\"title\":\"Solaris\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            id = created.body().replaceAll(".*\"id\":\"([0-9a-f-]+)\".*", "$1");

            // then the instance reports DOWN, saying why, and the event waits in the outbox, not parked
            HttpResponse<String> down = awaitHealth(outbox -> outbox.path("status").asText().equals("DOWN"));
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode outbox = read(down).at("/components/cqrsOutbox");
            assertThat(read(down).path("status").asText()).isEqualTo("DOWN");
            assertThat(outbox.at("/details/systemicFailure").asText()).contains("HTTP 403", "AccessDeniedException",
                    "Grant events:PutEvents");
            assertThat(outbox.at("/details/pausedSince").isTextual()).isTrue();
            assertThat(outbox.at("/details/pending").asLong()).isEqualTo(1);
            assertThat(outbox.at("/details/parked").asLong()).isZero();
            assertThat(EVENTBRIDGE.events()).noneMatch(event -> event.detail().contains(id));
        } finally {
            // when the deployment is fixed
            EVENTBRIDGE.clearFaults();
        }

        // then the event is published, nothing is parked and the instance is UP again
        EVENTBRIDGE.awaitEvent(event -> event.detail().contains(id), Duration.ofSeconds(30));
        awaitOutboxEmpty(id);
        HttpResponse<String> up = awaitHealth(outbox -> outbox.path("status").asText().equals("UP")
                && outbox.at("/details/pending").asLong() == 0);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(read(up).path("status").asText()).isEqualTo("UP");
        JsonNode outbox = read(up).at("/components/cqrsOutbox");
        assertThat(outbox.at("/details/parked").asLong()).isZero();
        assertThat(outbox.at("/details").has("systemicFailure")).isFalse();
    }

    @Test
    void answers404ForAnUnknownBook() {
        assertThat(get("/books/0190a4c8-0000-7000-8000-000000000000").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsTheOperationsEndpointOffHttpUntilExposed() {
        assertThat(get("/actuator/cqrsoutbox").statusCode()).isEqualTo(404);
    }

    private void awaitOutboxEmpty(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM cqrs_outbox WHERE ordering_key = ?", Long.class, key) > 0) {
            assertThat(System.nanoTime()).as("outbox row of %s deleted after publishing", key).isLessThan(deadline);
            sleep();
        }
    }

    /** Polls {@code /actuator/health} until the cqrsOutbox component matches; answers the matching response. */
    private HttpResponse<String> awaitHealth(Predicate<JsonNode> outbox) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> health = get("/actuator/health");
        while (!outbox.test(read(health).at("/components/cqrsOutbox"))) {
            assertThat(System.nanoTime()).as("health never matched; last %s", health.body()).isLessThan(deadline);
            sleep();
            health = get("/actuator/health");
        }
        return health;
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + response.body(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }
}
