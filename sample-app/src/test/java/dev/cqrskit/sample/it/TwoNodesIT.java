package dev.cqrskit.sample.it;

import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the app on one database, as behind a load balancer: what one node changes (a password, a role)
 * takes effect on the other at once, although each keeps its own query cache, because authorization reads the
 * role and the password time from the database on every request.
 */
@ExtendWith(PostgresExtension.class)
class TwoNodesIT {

    private static final String PASSWORD = "correct horse battery";
    private static RunningApp a;
    private static RunningApp b;

    @BeforeAll
    static void start(PostgresDatabase database) {
        a = RunningApp.start(database);
        b = RunningApp.start(database);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static String email() {
        return "node-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void aPasswordChangedOnOneNodeVoidsTheOldTokenOnTheOther() {
        String email = email();
        a.createUser(email, PASSWORD, false);
        String token = a.login(email, PASSWORD).expect(200).json().get("token").asText();
        b.send("GET", "/users/me", token, null).expect(200);   // B now has the user in its query cache

        a.send("PATCH", "/auth/password", token, a.json("currentPassword", PASSWORD,
                "newPassword", "a much longer passphrase")).expect(204);

        assertThat(b.send("GET", "/users/me", token, null).expect(401).error()).isEqualTo("unauthorized");
        String fresh = b.login(email, "a much longer passphrase").expect(200).json().get("token").asText();
        b.send("GET", "/users/me", fresh, null).expect(200);
    }

    @Test
    void aDemotedAdminLosesAdminRightsAtOnceWithTheSameToken() {
        String email = email();
        a.createUser(email, PASSWORD, true);
        String token = a.login(email, PASSWORD).expect(200).json().get("token").asText();
        b.send("GET", "/users?page=0&size=1", token, null).expect(200);
        a.send("GET", "/users/me", token, null).expect(200);

        // No endpoint demotes yet; an operator does it in the database, the one source of truth.
        int demoted = a.app.jdbi().withHandle(handle -> handle.createUpdate("UPDATE users SET role = 'USER'"
                + " WHERE email = :email").bind("email", email).execute());

        assertThat(demoted).isEqualTo(1);
        assertThat(b.send("GET", "/users?page=0&size=1", token, null).expect(403).error()).isEqualTo("forbidden");
        assertThat(a.send("GET", "/users/" + UUID.randomUUID(), token, null).expect(403).error())
                .isEqualTo("forbidden");
        a.send("GET", "/users/me", token, null).expect(200);
    }

    @Test
    void aUserRegisteredOnOneNodeIsListedOnTheOtherAsSoonAsTheRegistrationAnswers() {
        String adminEmail = email();
        a.createUser(adminEmail, PASSWORD, true);
        String admin = a.login(adminEmail, PASSWORD).expect(200).json().get("token").asText();

        for (int i = 0; i < 5; i++) {
            RunningApp writer = i % 2 == 0 ? b : a;
            RunningApp reader = writer == a ? b : a;
            String id = writer.register(email(), PASSWORD, "Node " + i).expect(201).json().get("id").asText();

            assertThat(reader.listedIds(admin)).as("registration %d", i).contains(id);
        }
    }
}
