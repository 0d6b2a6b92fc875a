package dev.cqrskit.sample.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.sample.notification.application.VerificationMailer;
import dev.cqrskit.sample.notification.application.WelcomeMailer;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Walks through the whole system over real HTTP: register, read the mailed code, see login refused until the email
 * is verified, ask for a new code, verify with it, log in, read me, change the password, see the old token
 * refused, log in again, and list the events that went through EventBridge. Each
 * step checks its answer; the first surprise stops the walk.
 */
final class Demo {

    private final SampleApplication app;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String correlationId = UUID.randomUUID().toString();

    Demo(SampleApplication app, PrintStream out) {
        this.app = app;
        this.out = out;
    }

    /**
     * Runs the walkthrough.
     *
     * @return true if every step answered as expected
     */
    boolean run() {
        try {
            walk();
            out.println();
            out.println("Demo finished: every step answered as expected.");
            return true;
        } catch (DemoFailure | IOException e) {
            out.println();
            out.println("Demo FAILED: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void walk() throws IOException, InterruptedException {
        String email = "ada+" + Instant.now().toEpochMilli() + "@example.com";
        String password = "correct horse battery";
        out.println("Correlation id of this walk: " + correlationId);

        step("1. Register " + email);
        JsonNode registered = expect(send("POST", "/users", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"displayName\":\"Ada Lovelace\"}"), 201);
        String userId = registered.get("id").asText();

        step("2. The notification context mails a verification code (via outbox -> broker -> inbox)");
        String code = awaitCode(email, 0);
        out.println("   code: " + code);

        step("3. Logging in before verifying is refused (only someone who knows the password learns why)");
        expect(send("POST", "/auth/token", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"), 403);

        step("4. Ask for a new code: it replaces the first (an expired or used-up code is replaced the same way)");
        int mailed = mailsTo(email);
        expect(send("POST", "/auth/verify/resend", null, "{\"email\":\"" + email + "\"}"), 202);
        String newCode = awaitCode(email, mailed);
        out.println("   new code: " + newCode);
        if (!newCode.equals(code)) {
            step("   The first code no longer works");
            expect(send("POST", "/auth/verify", null, "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}"),
                    400);
        }

        step("5. Verify the email with the new code");
        expect(send("POST", "/auth/verify", null, "{\"email\":\"" + email + "\",\"code\":\"" + newCode + "\"}"),
                200);

        step("   The notification context welcomes the user (a second consumer of the broker, behind its own inbox)");
        app.mailbox().await(email, mail -> mail.subject().equals(WelcomeMailer.SUBJECT), Duration.ofSeconds(20))
                .orElseThrow(() -> new DemoFailure("No welcome mail reached " + email + " within 20 seconds"));

        step("6. Log in");
        String token = expect(send("POST", "/auth/token", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"), 200).get("token").asText();

        step("7. Read me");
        JsonNode me = expect(send("GET", "/users/me", token, null), 200);
        if (!me.get("emailVerified").asBoolean() || !me.get("id").asText().equals(userId)) {
            throw new DemoFailure("GET /users/me should show the verified user " + userId + ", but was " + me);
        }

        step("8. Change the password");
        String newPassword = "a much longer passphrase";
        expect(send("PATCH", "/auth/password", token,
                "{\"currentPassword\":\"" + password + "\",\"newPassword\":\"" + newPassword + "\"}"), 204);

        step("9. The old token no longer works");
        expect(send("GET", "/users/me", token, null), 401);

        step("10. Log in with the new password and read me again");
        String newToken = expect(send("POST", "/auth/token", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + newPassword + "\"}"), 200).get("token").asText();
        expect(send("GET", "/users/me", newToken, null), 200);

        app.emulator().ifPresent(emulator -> {
            step("11. Events that went through EventBridge in this walk");
            for (EmulatedEvent event : emulator.events()) {
                if (event.detail().contains(correlationId)) {
                    out.println("   " + event.time() + "  " + event.detailType());
                }
            }
        });
    }

    /** Waits for the first mail to {@code email} after the {@code mailedBefore} it already had, and reads its code. */
    private String awaitCode(String email, int mailedBefore) throws InterruptedException {
        return app.mailbox().awaitMail(email, mailedBefore, Duration.ofSeconds(20))
                .flatMap(VerificationMailer::codeIn)
                .orElseThrow(() -> new DemoFailure("No new verification mail reached " + email + " within 20 seconds"));
    }

    private int mailsTo(String email) {
        return app.mailbox().sentTo(email).size();
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Correlation-Id", correlationId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        out.println("   " + method + " " + path + " -> " + response.statusCode()
                + (response.body().isEmpty() ? "" : " " + abbreviate(response.body())));
        return response;
    }

    private JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new DemoFailure("expected HTTP " + status + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        oneLine = oneLine.replaceAll("(\"token\":\")([^\"]{12})[^\"]*\"", "$1$2...\"");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    private static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
