package dev.cqrskit.sample.auth.infrastructure;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cqrskit.sample.auth.application.IssuedToken;
import dev.cqrskit.sample.auth.application.Tokens;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.Role;
import dev.cqrskit.test.TestClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokensTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final UserId ADA = new UserId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    private static final Instant CHANGED = Instant.parse("2026-11-01T00:00:00.123Z");

    private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
    private final JwtTokens tokens = new JwtTokens(KEY, Duration.ofMinutes(15), clock);

    @Test
    void aTokenItIssuedVerifiesUntilItExpires() {
        IssuedToken token = tokens.issue(ADA, Role.ADMIN, CHANGED);

        assertThat(tokens.verify(token.token())).contains(new Tokens.Claims(ADA, Role.ADMIN, CHANGED));
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        clock.advance(Duration.ofMinutes(15));
        assertThat(tokens.verify(token.token())).isEmpty();
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = tokens.issue(ADA, Role.USER, CHANGED).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(tokens.verify(forged)).isEmpty();
    }

    @Test
    void refusesAlgNone() {
        PlainJWT unsigned = new PlainJWT(claims());

        assertThat(tokens.verify(unsigned.serialize())).isEmpty();
        assertThat(tokens.verify(unsigned.serialize() + "signature")).isEmpty();
    }

    @Test
    void refusesATokenSignedWithAnotherKey() throws Exception {
        SignedJWT other = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
        other.sign(new MACSigner("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII)));

        assertThat(tokens.verify(other.serialize())).isEmpty();
    }

    @Test
    void refusesAnotherAlgorithmEvenWithTheSameKey() throws Exception {
        byte[] longKey = new byte[64];
        System.arraycopy(KEY, 0, longKey, 0, KEY.length);
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims());
        hs512.sign(new MACSigner(longKey));

        assertThat(new JwtTokens(longKey, Duration.ofMinutes(15), clock).verify(hs512.serialize())).isEmpty();
    }

    @Test
    void refusesGarbage() {
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("not.a.jwt")).isEmpty();
        assertThat(tokens.verify("a".repeat(5000))).isEmpty();
    }

    @Test
    void refusesAShortKey() {
        assertThatThrownBy(() -> new JwtTokens(new byte[16], Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JWT_SECRET must be at least 32 bytes (256 bits), but has 16; generate one with:"
                        + " openssl rand -base64 32");
    }

    private JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer(JwtTokens.ISSUER).subject(ADA.toString())
                .expirationTime(Date.from(clock.instant().plusSeconds(600))).claim("role", "ADMIN")
                .claim("pwd", CHANGED.toEpochMilli()).build();
    }
}
