package dev.cqrskit.sample.auth.application;

import java.time.Instant;

/**
 * A signed bearer token.
 *
 * @param token     the compact JWT
 * @param expiresAt when it stops working
 */
public record IssuedToken(String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[token=***, expiresAt=" + expiresAt + "]";
    }
}
