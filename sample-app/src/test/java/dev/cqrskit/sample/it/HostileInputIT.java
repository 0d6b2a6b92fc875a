package dev.cqrskit.sample.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.sample.it.RunningApp.RawResponse;
import dev.cqrskit.sample.it.RunningApp.Response;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, oversized and hostile requests: each gets a clear 4xx with a JSON error body, never a 500, and leaves
 * no row behind; forged tokens get 401.
 */
@ExtendWith(PostgresExtension.class)
class HostileInputIT {

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

    static Stream<Arguments> badRegistrations() {
        String email = "\"email\":\"hostile@example.com\"";
        String password = "\"password\":\"" + PASSWORD + "\"";
        return Stream.of(
                Arguments.of("an empty body", "", 400, "malformed-json", null),
                Arguments.of("malformed JSON", "{\"email\": ", 400, "malformed-json", null),
                Arguments.of("a JSON array", "[1,2,3]", 400, "malformed-json", null),
                Arguments.of("a JSON string", "\"hello\"", 400, "malformed-json", null),
                Arguments.of("a missing field", "{" + email + "," + password + "}", 400, "invalid-value", "displayName"),
                Arguments.of("a null field", "{\"email\":null," + password + ",\"displayName\":\"A\"}", 400,
                        "invalid-value", "email"),
                Arguments.of("a number for a string", "{\"email\":42," + password + ",\"displayName\":\"A\"}", 400,
                        "invalid-value", "email"),
                Arguments.of("an object for a string", "{" + email + ",\"password\":{\"$ne\":1},\"displayName\":\"A\"}",
                        400, "invalid-value", "password"),
                Arguments.of("an invalid email", "{\"email\":\"not-an-email\"," + password + ",\"displayName\":\"A\"}",
                        400, "invalid-value", "email"),
                Arguments.of("an SQL-shaped email", "{\"email\":\"x'; DROP TABLE users; --@example.com\"," + password
                        + ",\"displayName\":\"A\"}", 400, "invalid-value", "email"),
                Arguments.of("a weak password", "{" + email + ",\"password\":\"password\",\"displayName\":\"A\"}",
                        400, "weak-password", null),
                Arguments.of("a very long string", "{" + email + "," + password + ",\"displayName\":\""
                        + "x".repeat(1_001) + "\"}", 400, "invalid-value", "displayName"),
                Arguments.of("a long display name", "{" + email + "," + password + ",\"displayName\":\""
                        + "x".repeat(81) + "\"}", 400, "invalid-value", "displayName"),
                Arguments.of("a right-to-left override", "{" + email + "," + password
                        + ",\"displayName\":\"Ada\\u202Enimda\"}", 400, "invalid-value", "displayName"),
                Arguments.of("a NUL character", "{" + email + "," + password + ",\"displayName\":\"Ada\\u0000\"}", 400,
                        "invalid-value", "displayName"),
                Arguments.of("a lone surrogate", "{" + email + "," + password + ",\"displayName\":\"Ada\\uD800\"}", 400,
                        "invalid-value", "displayName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badRegistrationsGetAClearClientErrorAndStoreNothing(String what, String body, int status, String error,
                                                             String field) {
        long before = users();

        Response response = running.send("POST", "/users", null, body).expect(status);

        assertThat(response.error()).isEqualTo(error);
        assertThat(response.json().get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asText()).isEqualTo(field);
        }
        assertThat(response.json().get("correlationId").asText()).hasSize(36);
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String body = "{\"email\":\"big@example.com\",\"password\":\"" + PASSWORD + "\",\"displayName\":\""
                + "x".repeat(20_000) + "\"}";

        Response response = running.send("POST", "/users", null, body).expect(413);

        assertThat(response.error()).isEqualTo("payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413AndStoresNothing() throws Exception {
        long before = users();
        byte[] json = running.json("email", "chunked-" + UUID.randomUUID() + "@example.com", "password", PASSWORD,
                "displayName", "Chunky").getBytes(StandardCharsets.UTF_8);
        byte[] spaces = new byte[64 * 1024];
        Arrays.fill(spaces, (byte) ' ');

        RawResponse response;
        try (Socket socket = new Socket("127.0.0.1", running.app.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    chunk(out, json);
                    for (int i = 0; i < 11 * 16; i++) {   // 11 MiB of JSON whitespace: valid, and far too long
                        chunk(out, spaces);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedAfterTheAnswer) {
                    // the server may answer and close before reading it all: that is the point
                }
            });
            writer.start();
            response = RawResponse.read(socket.getInputStream());
            writer.join(30_000);
        }

        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload-too-large\"");
        assertThat(users()).isEqualTo(before);
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> hostileTargets() {
        return Stream.of(
                Arguments.of("a %u escape", "GET /users/%u2215etc HTTP/1.1\r\n"),
                Arguments.of("an escaped slash", "GET /users/%2fetc HTTP/1.1\r\n"),
                Arguments.of("an escaped NUL", "GET /users/%00 HTTP/1.1\r\n"),
                Arguments.of("escaped dots first", "GET /%2e%2e/users HTTP/1.1\r\n"),
                Arguments.of("escaped dots inside", "GET /users/%2e%2e/x HTTP/1.1\r\n"),
                Arguments.of("an escape that is not UTF-8", "GET /users/%ff HTTP/1.1\r\n"),
                Arguments.of("a %u escape in the query", "GET /users?page=%u0030 HTTP/1.1\r\n"),
                Arguments.of("a broken escape", "GET /users/%zz HTTP/1.1\r\n"),
                Arguments.of("headers too large", "GET /users/me HTTP/1.1\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTargets")
    void hostileTargetsGetOurJsonProblemNeverA5xxOrJettysPage(String what, String requestHead) throws Exception {
        RawResponse response = running.raw(requestHead + "Host: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().get("Content-Type")).startsWith("application/json");
        assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception", "at io.", "at org.");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"200B", "200D", "202E", "00A0", "FEFF"})
    void invisibleCharactersInEmailsAreRefusedNamingTheRule(String codePoint) {
        long before = users();
        String email = "invisible" + Character.toString(Integer.parseInt(codePoint, 16)) + UUID.randomUUID()
                + "@example.com";

        Response response = running.register(email, PASSWORD, "Ghost").expect(400);

        assertThat(response.error()).isEqualTo("invalid-value");
        assertThat(response.json().get("field").asText()).isEqualTo("email");
        assertThat(response.json().get("message").asText()).isEqualTo("email must not contain control, format"
                + " (invisible) or whitespace characters, but has U+" + (codePoint.equals("00A0") ? "0020" : codePoint));
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void aBodyNotDeclaredAsJsonIsRefusedWith415() {
        String body = running.json("email", "typed-" + UUID.randomUUID() + "@example.com", "password", PASSWORD,
                "displayName", "A");
        long before = users();

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json-patch",
                "application/json; charset=iso-8859-1")) {
            Response response = running.send("POST", "/users", null, body, Map.of("Content-Type", type)).expect(415);
            assertThat(response.error()).isEqualTo("unsupported-media-type");
            assertThat(response.json().get("message").asText()).startsWith("Send the body as JSON with"
                    + " 'Content-Type: application/json'");
        }
        assertThat(users()).isEqualTo(before);
        running.send("POST", "/users", null, body, Map.of("Content-Type", "application/json; charset=UTF-8"))
                .expect(201);
    }

    @Test
    void duplicateKeysAreRefused() {
        long before = users();
        String body = "{\"email\":\"dup-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + PASSWORD
                + "\",\"displayName\":\"Ada\",\"displayName\":\"Admin\"}";

        Response response = running.send("POST", "/users", null, body).expect(400);

        assertThat(response.error()).isEqualTo("malformed-json");
        assertThat(response.json().get("message").asText()).contains("Duplicate field 'displayName'");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void sqlShapedAndUnicodeTextIsStoredVerbatim() {
        String name = "Robert'); DROP TABLE users;-- \uD83D\uDE00 Zoë 李";
        String email = "bobby-" + UUID.randomUUID() + "@example.com";
        String token = running.verifiedUser(email, PASSWORD, name);

        assertThat(running.send("GET", "/users/me", token, null).expect(200).json().get("displayName").asText())
                .isEqualTo(name);
        assertThat(users()).isPositive();
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        assertThat(running.send("GET", "/nope", null, null).expect(404).error()).isEqualTo("not-found");
        Response wrongMethod = running.send("DELETE", "/users", null, null);
        assertThat(wrongMethod.status()).isIn(404, 405);
        assertThat(wrongMethod.json().has("error")).isTrue();
    }

    @Test
    void aBadCorrelationIdIsReplacedNotTrusted() {
        Response response = running.send("GET", "/users/me", null, null,
                java.util.Map.of("X-Correlation-Id", "'; DROP TABLE users; --"));

        assertThat(response.header("X-Correlation-Id")).hasValueSatisfying(id -> assertThat(UUID.fromString(id))
                .isNotNull());
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        String email = "forger-" + UUID.randomUUID() + "@example.com";
        String token = running.verifiedUser(email, PASSWORD);
        String[] parts = token.split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();

        String tamperedSignature = parts[0] + "." + parts[1] + "." + flip(parts[2]);
        String tamperedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"USER\"", "\"ADMIN\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String algNone = new PlainJWT(claims).serialize();
        SignedJWT wrongKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        wrongKey.sign(new MACSigner("a different secret of 32 bytes!!".getBytes(StandardCharsets.US_ASCII)));
        SignedJWT expired = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder(claims)
                .expirationTime(Date.from(Instant.now().minusSeconds(1))).build());
        expired.sign(new MACSigner(Base64.getDecoder().decode(RunningApp.JWT_SECRET)));

        for (String forged : List.of(tamperedSignature, tamperedPayload, algNone, wrongKey.serialize(),
                expired.serialize(), "garbage", "")) {
            assertThat(running.send("GET", "/users/me", forged, null).status()).as(forged).isEqualTo(401);
        }
        running.send("GET", "/users/me", token, null).expect(200);
        assertThat(running.send("GET", "/users/me", null, null,
                java.util.Map.of("Authorization", "Basic " + token)).status()).isEqualTo(401);
    }

    private static String flip(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    private static long users() {
        return running.app.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM users")
                .mapTo(Long.class).one());
    }
}
