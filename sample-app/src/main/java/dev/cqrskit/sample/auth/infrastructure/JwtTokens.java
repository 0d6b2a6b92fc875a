package dev.cqrskit.sample.auth.infrastructure;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cqrskit.sample.auth.application.IssuedToken;
import dev.cqrskit.sample.auth.application.Tokens;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.Role;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed JWTs (HS256, Nimbus JOSE) carrying the user id, role, and the time the password was set ({@code pwd},
 * epoch milliseconds). Verification accepts only HS256 with this key and this issuer, and only before expiry:
 * {@code alg: none}, another algorithm, another key, a tampered payload or an expired token all fail. Threadsafe.
 */
public final class JwtTokens implements Tokens {

    /** The issuer claim. */
    public static final String ISSUER = "cqrs-kit-sample";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * Creates the tokens.
     *
     * @param secret   the HMAC key, at least 32 bytes
     * @param lifetime how long a token works
     * @param clock    the time
     */
    public JwtTokens(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("JWT_SECRET must be at least 32 bytes (256 bits), but has "
                    + secret.length + "; generate one with: openssl rand -base64 32");
        }
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT_SECRET is not a usable HMAC key: " + e.getMessage(), e);
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(UserId userId, Role role, Instant passwordChangedAt) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", role.name())
                .claim("pwd", passwordChangedAt.toEpochMilli())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing a token failed: " + e.getMessage(), e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    @Override
    public Optional<Claims> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || expiry == null || !clock.instant().isBefore(expiry.toInstant())) {
                return Optional.empty();
            }
            Long pwd = claims.getLongClaim("pwd");
            String role = claims.getStringClaim("role");
            if (pwd == null || role == null || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UserId.from(claims.getSubject()), Role.valueOf(role),
                    Instant.ofEpochMilli(pwd)));
        } catch (ParseException | JOSEException | IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
