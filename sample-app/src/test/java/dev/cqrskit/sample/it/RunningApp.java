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
    static final String CODE_SECRET = "Y29kZXMgY29kZXMgY29kZXMgY29kZXMgY29kZXMgY29kZXM=";

    final SampleApplication app;
    final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private RunningApp(SampleApplication app, Map<String, String> env) {
        this.app = app;
        this.env = env;
    }

    static RunningApp start(PostgresDatabase database) {
        return start(database, Map.of());
    }

    /** Starts an app on the database; the many registrations of a test class all come from 127.0.0.1. */
    static RunningApp start(PostgresDatabase database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("VERIFICATION_CODE_SECRET", CODE_SECRET);
        env.put("REGISTRATIONS_PER_HOUR", "1000");
        env.putAll(overrides);
        return new RunningApp(SampleApplication.serve(Config.from(env)), env);
    }

    /** Creates a verified user with the operators' CLI (no HTTP registration, so no registration throttle). */
    void createUser(String email, String password, boolean admin) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("user:create", "--email", email,
                "--password", password));
        if (admin) {
            args.add("--admin");
        }
        int code = dev.cqrskit.sample.app.SampleApp.run(args, env,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        if (code != 0) {
            throw new AssertionError("user:create exited " + code + ": " + out);
        }
    }

    /** Sends raw bytes on a fresh connection and reads the answer until the server closes or the body is complete. */
    RawResponse raw(byte[] request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return RawResponse.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawResponse raw(String request) {
        return raw(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    int mailsTo(String email) {
        return app.mailbox().sentTo(email).size();
    }

    /** Waits for a verification mail after the first {@code before} ones to that address; returns its code. */
    String awaitNewCode(String email, int before) {
        try {
            return app.mailbox().awaitMail(email, before, Duration.ofSeconds(30))
                    .flatMap(VerificationMailer::codeIn)
                    .orElseThrow(() -> new AssertionError("No new verification mail reached " + email));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        headers.forEach(request::setHeader);
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
        return verifiedUser(email, password, "Test User");
    }

    String verifiedUser(String email, String password, String displayName) {
        register(email, password, displayName).expect(201);
        send("POST", "/auth/verify", null, json("email", email, "code", awaitCode(email))).expect(200);
        return login(email, password).expect(200).json().get("token").asText();
    }

    /** Every user on every page of the admin list, in order, as the admin with this token sees it now. */
    java.util.List<JsonNode> listedUsers(String adminToken) {
        java.util.List<JsonNode> users = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = send("GET", "/users?page=" + page + "&size=100", adminToken, null).expect(200).json();
            answer.get("items").forEach(users::add);
            if ((long) (page + 1) * 100 >= answer.get("total").asLong()) {
                return users;
            }
        }
    }

    /** The ids on every page of the admin list. */
    java.util.List<String> listedIds(String adminToken) {
        return listedUsers(adminToken).stream().map(user -> user.get("id").asText()).toList();
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

    /** An answer read off a raw socket. */
    record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse read(java.io.InputStream in) throws IOException {
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the end of the headers: " + head);
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", "-1"));
            byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            return new RawResponse(status, headers, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
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
