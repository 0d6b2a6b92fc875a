package dev.cqrskit.sample.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.sample.app.Config;
import dev.cqrskit.sample.app.SampleApplication;
import dev.cqrskit.sample.notification.application.VerificationMailer;
import dev.cqrskit.test.postgres.PostgresDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The sample app running for a test class, on its own database, with an HTTP client that speaks to it. */
final class RunningApp implements AutoCloseable {

    static final String JWT_SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";   // "0123456789abcdef" x 2

    final SampleApplication app;
    final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private RunningApp(SampleApplication app, Map<String, String> env) {
        this.app = app;
        this.env = env;
    }

    static RunningApp start(PostgresDatabase database) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("JWT_SECRET", JWT_SECRET);
        return new RunningApp(SampleApplication.serve(Config.from(env)), env);
    }

    Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response send(String method, String path, String token, String body) {
        return send(method, path, token, body, Map.of());
    }

    Response register(String email, String password, String displayName) {
        return send("POST", "/users", null, json("email", email, "password", password, "displayName", displayName));
    }

    Response login(String email, String password) {
        return send("POST", "/auth/token", null, json("email", email, "password", password));
    }

    String awaitCode(String email) {
        try {
            return app.mailbox().await(email, mail -> VerificationMailer.codeIn(mail).isPresent(), Duration.ofSeconds(30))
                    .flatMap(VerificationMailer::codeIn)
                    .orElseThrow(() -> new AssertionError("No verification mail reached " + email + " within 30 seconds"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers, verifies and logs in a user; returns the token. */
    String verifiedUser(String email, String password) {
        register(email, password, "Test User").expect(201);
        send("POST", "/auth/verify", null, json("email", email, "code", awaitCode(email))).expect(200);
        return login(email, password).expect(200).json().get("token").asText();
    }

    String json(String... pairs) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put(pairs[i], pairs[i + 1]);
        }
        try {
            return mapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }

    record Response(int status, String body, Map<String, java.util.List<String>> headers, ObjectMapper mapper) {

        Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }
}
