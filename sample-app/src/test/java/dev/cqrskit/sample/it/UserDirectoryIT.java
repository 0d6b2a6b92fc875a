package dev.cqrskit.sample.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cqrskit.sample.it.RunningApp.Response;
import dev.cqrskit.sample.user.infrastructure.UserDirectoryProjection;
import dev.cqrskit.sample.user.infrastructure.http.RegisterUserAction;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin user list is a read model ({@code user_directory}) fed by the subscription {@code UserDirectory_v1}:
 * a registration answers once the list shows the user (read-your-writes), says so when the list lags, and a reset of
 * the subscription rebuilds the list from the event store.
 */
@ExtendWith(PostgresExtension.class)
class UserDirectoryIT {

    private static final String PASSWORD = "correct horse battery";
    private static RunningApp running;
    private static String admin;

    @BeforeAll
    static void start(PostgresDatabase database) {
        running = RunningApp.start(database);
        String adminEmail = email();
        running.createUser(adminEmail, PASSWORD, true);
        admin = running.login(adminEmail, PASSWORD).expect(200).json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static String email() {
        return "listed-" + UUID.randomUUID() + "@example.com";
    }

    private static List<JsonNode> listedUsers() {
        return running.listedUsers(admin);
    }

    private static List<String> listedIds() {
        return running.listedIds(admin);
    }

    private static long lastPosition() {
        return running.app.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(max(position), 0) FROM cqrs_events").mapTo(Long.class).one());
    }

    @Test
    void anAdminListingRightAfterARegistrationAnswersSeesTheNewUserEveryTime() {
        for (int i = 0; i < 10; i++) {
            Response registered = running.register(email(), PASSWORD, "Listed " + i).expect(201);
            String id = registered.json().get("id").asText();

            assertThat(registered.header(RegisterUserAction.LAG_HEADER)).as("registration %d", i).isEmpty();
            assertThat(listedIds()).as("registration %d", i).contains(id);
        }
    }

    @Test
    void aRegistrationWhileTheListLagsIsStillCreatedAndSaysTheListMayNotShowItYet() {
        String email = email();
        Response registered;
        // An open transaction holding the table keeps the directory's subscription from handling the registration.
        try (Handle blocker = running.app.jdbi().open()) {
            blocker.begin();
            blocker.execute("LOCK TABLE user_directory IN ACCESS EXCLUSIVE MODE");

            registered = running.register(email, PASSWORD, "Lagging").expect(201);

            blocker.rollback();
        }

        String id = registered.json().get("id").asText();
        assertThat(registered.header(RegisterUserAction.LAG_HEADER)).contains("user-directory");
        assertThat(running.send("GET", "/users/" + id, admin, null).expect(200).json().get("email").asText())
                .isEqualTo(email);
        assertThat(running.app.subscriptions().awaitPosition(UserDirectoryProjection.ID, lastPosition(),
                Duration.ofSeconds(30))).as("the directory catches up once the table is free").isTrue();
        assertThat(listedIds()).contains(id);
    }

    @Test
    void resettingTheSubscriptionRebuildsTheListFromTheEventStore() {
        String verified = email();
        running.verifiedUser(verified, PASSWORD, "Verified");
        for (int i = 0; i < 3; i++) {
            running.register(email(), PASSWORD, "Rebuilt " + i).expect(201);
        }
        running.send("PATCH", "/auth/password", running.login(verified, PASSWORD).expect(200).json().get("token")
                .asText(), running.json("currentPassword", PASSWORD, "newPassword", "a much longer passphrase"))
                .expect(204);
        assertThat(running.app.subscriptions().awaitPosition(UserDirectoryProjection.ID, lastPosition(),
                Duration.ofSeconds(30))).isTrue();
        List<JsonNode> before = listedUsers();
        running.app.jdbi().useHandle(handle -> handle.execute("UPDATE user_directory SET display_name = 'damaged',"
                + " email_verified = NOT email_verified"));
        running.app.jdbi().useHandle(handle -> handle.execute("DELETE FROM user_directory WHERE email = ?", verified));

        running.app.subscriptions().reset(UserDirectoryProjection.ID, 0);

        assertThat(running.app.subscriptions().awaitPosition(UserDirectoryProjection.ID, lastPosition(),
                Duration.ofSeconds(30))).isTrue();
        List<JsonNode> after = listedUsers();
        assertThat(after).isEqualTo(before);
        long users = running.app.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM users")
                .mapTo(Long.class).one());
        assertThat(after).hasSize((int) users);
        assertThat(after).filteredOn(user -> user.get("email").asText().equals(verified)).singleElement()
                .satisfies(user -> assertThat(user.get("emailVerified").asBoolean()).isTrue());
    }
}
