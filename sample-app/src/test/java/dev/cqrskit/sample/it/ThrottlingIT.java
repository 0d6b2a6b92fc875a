package dev.cqrskit.sample.it;

import dev.cqrskit.sample.it.RunningApp.Response;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttles hold under pressure, over real HTTP, and every 429 says when to come back. Its own app, so that its
 * counters (in memory, per node) start at zero; users come from the CLI, as HTTP registration is throttled too.
 */
@ExtendWith(PostgresExtension.class)
class ThrottlingIT {

    private static final String PASSWORD = "correct horse battery";
    private static RunningApp running;

    @BeforeAll
    static void start(PostgresDatabase database) {
        running = RunningApp.start(database, Map.of("REGISTRATIONS_PER_HOUR", "3"));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static String email() {
        return "throttled-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void concurrentWrongLoginsCannotOutrunTheAccountLimit() throws Exception {
        String email = email();
        running.createUser(email, PASSWORD, false);
        ExecutorService pool = Executors.newFixedThreadPool(15);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> logins = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String guess = "wrong guess number " + i;
            logins.add(pool.submit(() -> {
                go.await();
                return running.login(email, guess);
            }));
        }

        go.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> login : logins) {
            answers.add(login.get());
        }
        pool.shutdown();

        assertThat(answers).filteredOn(answer -> answer.status() == 401).hasSize(5);
        assertThat(answers).filteredOn(answer -> answer.status() == 429).hasSize(10).allSatisfy(answer -> {
            assertThat(answer.error()).isEqualTo("too-many-attempts");
            assertThat(answer.header("Retry-After")).isPresent();
        });
        running.login(email, PASSWORD).expect(429);
    }

    @Test
    void guessesOfTheCurrentPasswordAreThrottledLikeLogins() {
        String email = email();
        running.createUser(email, PASSWORD, false);
        String token = running.login(email, PASSWORD).expect(200).json().get("token").asText();
        for (int i = 0; i < 5; i++) {
            running.send("PATCH", "/auth/password", token, running.json("currentPassword", "guess number " + i,
                    "newPassword", "a much longer passphrase")).expect(403);
        }

        Response throttled = running.send("PATCH", "/auth/password", token, running.json("currentPassword", PASSWORD,
                "newPassword", "a much longer passphrase")).expect(429);

        assertThat(throttled.error()).isEqualTo("too-many-attempts");
        assertThat(throttled.json().get("message").asText()).startsWith("Too many wrong current passwords.");
        assertThat(throttled.header("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 900));
        running.send("GET", "/users/me", token, null).expect(200);
    }

    @Test
    void registrationsAreThrottledPerClient() {
        List<Integer> statuses = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 4 && (last == null || last.status() != 429); i++) {
            last = running.register(email(), PASSWORD, "Mass " + i);
            statuses.add(last.status());
        }

        assertThat(statuses).last().isEqualTo(429);
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(201);
        assertThat(last.error()).isEqualTo("too-many-attempts");
        assertThat(last.header("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 3600));
    }

    @Test
    void resendsAreThrottledPerAddressAndAnswerAlikeForUnknownAndVerifiedAddresses() {
        String verified = email();
        running.createUser(verified, PASSWORD, false);
        String unknown = email();
        List<Response> known = new ArrayList<>();
        List<Response> stranger = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            known.add(running.send("POST", "/auth/verify/resend", null, running.json("email", verified)));
            stranger.add(running.send("POST", "/auth/verify/resend", null, running.json("email", unknown)));
        }

        assertThat(known).extracting(Response::status).containsExactly(202, 202, 202, 429);
        assertThat(stranger).extracting(Response::status).containsExactly(202, 202, 202, 429);
        assertThat(known.get(0).body()).isEqualTo(stranger.get(0).body());
        assertThat(known.get(3).json().get("message").asText()).startsWith("Too many new codes asked for this"
                + " address. Retry after ");
        assertThat(stranger.get(3).json().get("message").asText()).startsWith("Too many new codes asked for this"
                + " address. Retry after ");
        assertThat(known.get(3).header("Retry-After")).isPresent();
    }
}
