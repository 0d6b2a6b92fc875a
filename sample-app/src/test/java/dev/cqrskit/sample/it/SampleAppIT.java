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
    void verificationAnswersAlikeForUnknownRegisteredAndVerifiedEmails() {
        String registered = email();
        running.register(registered, PASSWORD, "Ada").expect(201);
        String code = running.awaitCode(registered);
        String wrong = code.equals("000000") ? "111111" : "000000";
        String verified = email();
        running.verifiedUser(verified, PASSWORD);

        List<Response> answers = List.of(
                running.send("POST", "/auth/verify", null, running.json("email", email(), "code", wrong)),
                running.send("POST", "/auth/verify", null, running.json("email", registered, "code", wrong)),
                running.send("POST", "/auth/verify", null, running.json("email", verified, "code", wrong)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("wrong-code");
            assertThat(answer.json().get("message").asText()).isEqualTo("The code is wrong, expired or used up."
                    + " Ask for a new code at POST /auth/verify/resend.");
            assertThat(answer.json().get("field").asText()).isEqualTo("code");
        });
        running.send("POST", "/auth/verify", null, running.json("email", registered, "code", code)).expect(200);
    }

    @Test
    void loginNeedsAVerifiedEmailButSaysSoOnlyToWhoKnowsThePassword() {
        String email = email();
        running.register(email, PASSWORD, "Ada").expect(201);

        assertThat(running.login(email, "not the password").expect(401).error()).isEqualTo("invalid-credentials");
        Response unverified = running.login(email, PASSWORD).expect(403);

        assertThat(unverified.error()).isEqualTo("email-not-verified");
        assertThat(unverified.json().get("message").asText()).isEqualTo("Verify your email address first with the"
                + " code we mailed to it; ask for a new code at POST /auth/verify/resend.");
    }

    @Test
    void aResentCodeReplacesAnExhaustedOneSoAStrangerCannotBlockVerification() {
        String email = email();
        running.register(email, PASSWORD, "Ada").expect(201);
        String first = running.awaitCode(email);
        String wrong = first.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 6; i++) {   // a stranger burns every try, and one more
            running.send("POST", "/auth/verify", null, running.json("email", email, "code", wrong)).expect(400);
        }
        running.send("POST", "/auth/verify", null, running.json("email", email, "code", first)).expect(400);
        int mails = running.mailsTo(email);

        Response resent = running.send("POST", "/auth/verify/resend", null, running.json("email", email)).expect(202);

        String second = running.awaitNewCode(email, mails);
        assertThat(resent.json().get("message").asText()).isEqualTo("If the address is registered and not verified"
                + " yet, a new code is on its way; it replaces the previous one.");
        running.send("POST", "/auth/verify", null, running.json("email", email, "code", second)).expect(200);
        running.login(email, PASSWORD).expect(200);
    }

    @Test
    void resendAnswersAlikeForUnknownAndRegisteredEmails() {
        String registered = email();
        running.register(registered, PASSWORD, "Ada").expect(201);

        Response known = running.send("POST", "/auth/verify/resend", null, running.json("email", registered));
        Response unknown = running.send("POST", "/auth/verify/resend", null, running.json("email", email()));

        assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(202);
        assertThat(known.json().get("message")).isEqualTo(unknown.json().get("message"));
    }

    @Test
    void headNeedsTheSameAuthenticationAsGet() {
        String user = running.verifiedUser(email(), PASSWORD);

        assertThat(running.send("HEAD", "/users/me", null, null).status()).isEqualTo(401);
        assertThat(running.send("HEAD", "/users/me", "garbage", null).status()).isEqualTo(401);
        assertThat(running.send("HEAD", "/users/me", user, null).status()).isEqualTo(200);
        assertThat(running.send("HEAD", "/users", null, null).status()).isEqualTo(401);
        assertThat(running.send("HEAD", "/users", user, null).status()).isEqualTo(403);
        assertThat(running.send("HEAD", "/users/" + UUID.randomUUID(), user, null).status()).isEqualTo(403);
    }

    @Test
    void securityHeadersOnEveryAnswer() {
        String email = email();
        String token = running.verifiedUser(email, PASSWORD);

        Response login = running.login(email, PASSWORD).expect(200);
        Response me = running.send("GET", "/users/me", token, null).expect(200);
        Response missing = running.send("GET", "/nope", null, null).expect(404);
        Response unauthorized = running.send("GET", "/users/me", null, null).expect(401);

        assertThat(List.of(login, me)).allSatisfy(answer ->
                assertThat(answer.header("Cache-Control")).contains("no-store"));
        assertThat(List.of(login, me, missing, unauthorized)).allSatisfy(answer ->
                assertThat(answer.header("X-Content-Type-Options")).contains("nosniff"));
    }

    @Test
    void anUnreachableDatabaseExitsTwoWithOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = dev.cqrskit.sample.app.SampleApp.run(List.of("user:create", "--email", email(), "--password",
                PASSWORD), Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/app"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(2);
        assertThat(printed).startsWith("error: Cannot connect to jdbc:postgresql://127.0.0.1:1/app as postgres: ")
                .endsWith(" Check DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD.\n")
                .doesNotContain("Guice", "\tat ");
        assertThat(printed.lines()).hasSize(1);
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
        assertThat(throttled.header("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 900));
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
