package dev.cqrskit.sample.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.notification.infrastructure.LoggingMailbox;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security events reach the {@code audit} logger as one structured line each, and no log line of the app holds a
 * password, a verification code or a token (the demo's mailbox "sends" mail by logging it, so its lines are the
 * one place a code may appear).
 */
@ExtendWith(PostgresExtension.class)
class AuditLogIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a much longer passphrase";
    private static final ListAppender<ILoggingEvent> CAPTURED = new ListAppender<>();
    private static RunningApp running;

    @BeforeAll
    static void start(PostgresDatabase database) {
        CAPTURED.start();
        root().addAppender(CAPTURED);
        running = RunningApp.start(database);
    }

    @AfterAll
    static void stop() {
        running.close();
        root().detachAppender(CAPTURED);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String email() {
        return "audited-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void securityEventsAreAuditedWithoutSecrets() {
        // given: a user, an admin, and a stranger's verification in progress
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD));
        String user = email();
        running.createUser(user, PASSWORD, false);
        String admin = email();
        running.createUser(admin, PASSWORD, true);
        String pending = email();
        running.register(pending, PASSWORD, "Pending").expect(201);
        String code = running.awaitCode(pending);
        String wrongCode = code.equals("000000") ? "111111" : "000000";

        // when: failed logins up to a lockout, password changes, admin reads, verification tries
        for (int i = 0; i < 6; i++) {
            String guess = "guess number " + i + " for the password";
            secrets.add(guess);
            running.login(pending, guess);
        }
        String token = running.login(user, PASSWORD).expect(200).json().get("token").asText();
        running.send("PATCH", "/auth/password", token, running.json("currentPassword", "wrong current password",
                "newPassword", NEW_PASSWORD)).expect(403);
        running.send("PATCH", "/auth/password", token, running.json("currentPassword", PASSWORD,
                "newPassword", NEW_PASSWORD)).expect(204);
        String adminToken = running.login(admin, PASSWORD).expect(200).json().get("token").asText();
        running.send("GET", "/users?page=0&size=5", adminToken, null).expect(200);
        String fresh = running.login(user, NEW_PASSWORD).expect(200).json().get("token").asText();
        running.send("GET", "/users", fresh, null).expect(403);
        running.send("POST", "/auth/verify", null, running.json("email", pending, "code", wrongCode)).expect(400);
        running.send("POST", "/auth/verify", null, running.json("email", pending, "code", code)).expect(200);
        secrets.addAll(List.of(token, fresh, adminToken, "wrong current password"));

        // then
        List<String> audit = lines(event -> event.getLoggerName().equals(AuditLog.LOGGER));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=login.failed account=\"" + pending
                + "\"").contains("reason=\"wrong-password\""));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=login.throttled account=\""
                + pending + "\""));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=password.change-failed"));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=password.changed"));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=admin.read")
                .contains("path=\"/users\""));
        assertThat(audit).anySatisfy(line -> assertThat(line).startsWith("event=admin.denied"));
        List<String> everything = lines(event -> !event.getLoggerName().equals(LoggingMailbox.class.getName()));
        assertThat(everything).isNotEmpty().allSatisfy(line -> {
            assertThat(line).doesNotContain(secrets);
            for (String oneTimeCode : List.of(code, wrongCode)) {
                assertThat(line).doesNotContainPattern("(?<![0-9A-Za-z])" + Pattern.quote(oneTimeCode)
                        + "(?![0-9A-Za-z])");
            }
        });
    }

    private static List<String> lines(java.util.function.Predicate<ILoggingEvent> which) {
        return CAPTURED.list.stream().filter(which).map(event -> event.getFormattedMessage() + " "
                        + event.getMDCPropertyMap() + (event.getThrowableProxy() == null ? ""
                        : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .toList();
    }
}
