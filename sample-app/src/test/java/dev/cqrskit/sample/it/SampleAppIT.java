package dev.cqrskit.sample.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cqrskit.sample.it.RunningApp.Response;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint over real HTTP, with PostgreSQL, the outbox relay and the EventBridge emulator running. */
@ExtendWith(PostgresExtension.class)
class SampleAppIT {

    private static final String PASSWORD = "correct horse battery";
    private static RunningApp running;

    @BeforeAll
    static void start(PostgresDatabase database) {
        running = RunningApp.start(database);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static String email() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void registersVerifiesThroughEventBridgeLogsInAndReadsMe() {
        String email = email();
        String correlation = UUID.randomUUID().toString();

        Response registered = running.send("POST", "/users", null,
                running.json("email", email, "password", PASSWORD, "displayName", "Ada"),
                Map.of("X-Correlation-Id", correlation)).expect(201);
        String id = registered.json().get("id").asText();
        assertThat(registered.header("Location")).contains("/users/" + id);
        assertThat(registered.header("X-Correlation-Id")).contains(correlation);

        String code = running.awaitCode(email);
        running.send("POST", "/auth/verify", null, running.json("email", email, "code", code)).expect(200);
        JsonNode token = running.login(email, PASSWORD).expect(200).json();
        assertThat(token.get("tokenType").asText()).isEqualTo("Bearer");
        JsonNode me = running.send("GET", "/users/me", token.get("token").asText(), null).expect(200).json();

        assertThat(me.get("id").asText()).isEqualTo(id);
        assertThat(me.get("email").asText()).isEqualTo(email);
        assertThat(me.get("emailVerified").asBoolean()).isTrue();
        assertThat(me.has("passwordHash")).isFalse();
        List<EmulatedEvent> conversation = running.app.emulator().orElseThrow().events().stream()
                .filter(event -> event.detail().contains("\"correlationId\":\"" + correlation + "\"")).toList();
        assertThat(conversation).extracting(EmulatedEvent::detailType)
                .contains("user.UserRegistered.v1", "auth.VerificationCodeRequested.v1");
    }

    @Test
    void aTakenEmailIsAConflict() {
        String email = email();
        running.register(email, PASSWORD, "First").expect(201);

        Response second = running.register(email.toUpperCase(), PASSWORD, "Second").expect(409);

        assertThat(second.error()).isEqualTo("email-already-registered");
        assertThat(second.json().get("message").asText())
                .isEqualTo("Email " + email + " is already registered. Log in, or register with another address.");
    }

    @Test
    void aWrongCodeIsRefusedWithTheAttemptsLeft() {
        String email = email();
        running.register(email, PASSWORD, "Ada").expect(201);
        String code = running.awaitCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";

        Response refused = running.send("POST", "/auth/verify", null, running.json("email", email, "code", wrong))
                .expect(400);

        assertThat(refused.error()).isEqualTo("wrong-code");
        assertThat(refused.json().get("message").asText()).isEqualTo("The code is wrong; 4 attempts left.");
        running.send("POST", "/auth/verify", null, running.json("email", email, "code", code)).expect(200);
    }

    @Test
    void aWrongEmailAndAWrongPasswordAnswerAlike() {
        String email = email();
        running.register(email, PASSWORD, "Ada").expect(201);

        Response wrongPassword = running.login(email, "not the password").expect(401);
        Response wrongEmail = running.login(email(), PASSWORD).expect(401);
        Response malformedEmail = running.login("no-at-sign", PASSWORD).expect(401);

        assertThat(List.of(wrongPassword, wrongEmail, malformedEmail)).allSatisfy(response -> {
            assertThat(response.error()).isEqualTo("invalid-credentials");
            assertThat(response.json().get("message").asText()).isEqualTo("The email or password is wrong.");
        });
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottled() {
        String email = email();
        running.register(email, PASSWORD, "Ada").expect(201);
        for (int i = 0; i < 5; i++) {
            running.login(email, "wrong password " + i).expect(401);
        }

        Response throttled = running.login(email, PASSWORD).expect(429);

        assertThat(throttled.error()).isEqualTo("too-many-attempts");
    }

    @Test
    void changingThePasswordVoidsTokensIssuedBefore() {
        String email = email();
        String token = running.verifiedUser(email, PASSWORD);

        running.send("PATCH", "/auth/password", token,
                running.json("currentPassword", "wrong current one", "newPassword", "a much longer passphrase"))
                .expect(403);
        running.send("PATCH", "/auth/password", token,
                running.json("currentPassword", PASSWORD, "newPassword", "short")).expect(400);
        running.send("PATCH", "/auth/password", token,
                running.json("currentPassword", PASSWORD, "newPassword", "a much longer passphrase")).expect(204);

        assertThat(running.send("GET", "/users/me", token, null).expect(401).error()).isEqualTo("unauthorized");
        running.login(email, PASSWORD).expect(401);
        String fresh = running.login(email, "a much longer passphrase").expect(200).json().get("token").asText();
        running.send("GET", "/users/me", fresh, null).expect(200);
    }

    @Test
    void adminsListAndReadUsersOthersMayNot() {
        String adminEmail = email();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = dev.cqrskit.sample.app.SampleApp.run(List.of("user:create", "--email", adminEmail,
                "--password", PASSWORD, "--admin"), running.env, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        String admin = running.login(adminEmail, PASSWORD).expect(200).json().get("token").asText();
        String user = running.verifiedUser(email(), PASSWORD);
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            registered.add(running.register(email(), PASSWORD, "Paged " + i).expect(201).json().get("id").asText());
        }

        JsonNode first = running.send("GET", "/users?page=0&size=2", admin, null).expect(200).json();
        long total = first.get("total").asLong();
        List<String> all = new ArrayList<>();
        for (int page = 0; page * 2 < total; page++) {
            running.send("GET", "/users?page=" + page + "&size=2", admin, null).expect(200).json().get("items")
                    .forEach(item -> all.add(item.get("id").asText()));
        }
        assertThat(all).hasSize((int) total).doesNotHaveDuplicates().containsAll(registered);
        assertThat(running.send("GET", "/users/" + registered.get(0), admin, null).expect(200).json()
                .get("displayName").asText()).isEqualTo("Paged 0");

        assertThat(running.send("GET", "/users", user, null).expect(403).error()).isEqualTo("forbidden");
        assertThat(running.send("GET", "/users/" + registered.get(0), user, null).expect(403).error())
                .isEqualTo("forbidden");
        assertThat(running.send("GET", "/users", null, null).expect(401).header("WWW-Authenticate")).contains("Bearer");
        assertThat(running.send("GET", "/users/not-a-uuid", admin, null).expect(400).error()).isEqualTo("invalid-value");
        assertThat(running.send("GET", "/users/" + UUID.randomUUID(), admin, null).expect(404).error())
                .isEqualTo("not-found");
        assertThat(running.send("GET", "/users?page=0&size=1000", admin, null).expect(400).json().get("field")
                .asText()).isEqualTo("size");
        assertThat(running.send("GET", "/users?page=x", admin, null).expect(400).json().get("message").asText())
                .isEqualTo("page must be a whole number, but was 'x'");
    }

    @Test
    void operatorsSeeTheOutboxDrained() {
        running.register(email(), PASSWORD, "Ada").expect(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (running.app.outbox().counts().pending() > 0 && System.nanoTime() < deadline) {
            RunningApp.sleep(50);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = dev.cqrskit.sample.app.SampleApp.run(List.of("outbox:status"), running.env,
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Outbox: ").contains("pending=0")
                .contains("parked=0");
    }
}
