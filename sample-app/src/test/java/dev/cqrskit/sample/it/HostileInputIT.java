package dev.cqrskit.sample.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
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
    void sqlShapedAndUnicodeTextIsStoredVerbatim() {
        String name = "Robert'); DROP TABLE users;-- \uD83D\uDE00 Zoë 李";
        String email = "bobby-" + UUID.randomUUID() + "@example.com";
        running.register(email, PASSWORD, name).expect(201);
        String token = running.send("POST", "/auth/token", null, running.json("email", email, "password", PASSWORD))
                .expect(200).json().get("token").asText();

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
