package dev.cqrskit.sample.auth.application;

import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.Role;

import java.time.Instant;
import java.util.Optional;

/** Signs and checks bearer tokens; the infrastructure uses JWT (HS256, Nimbus JOSE). Threadsafe. */
public interface Tokens {

    /**
     * Issues a token.
     *
     * @param userId            the user
     * @param role              the role
     * @param passwordChangedAt when the user's password was set; the token dies when it changes
     * @return the token
     */
    IssuedToken issue(UserId userId, Role role, Instant passwordChangedAt);

    /**
     * Checks a token's signature, algorithm, issuer and expiry.
     *
     * @param token the compact token
     * @return its claims, or empty if it is not valid
     */
    Optional<Claims> verify(String token);

    /**
     * What a valid token says.
     *
     * @param userId            the user
     * @param role              the role
     * @param passwordChangedAt the password time it was issued under
     */
    record Claims(UserId userId, Role role, Instant passwordChangedAt) {
    }
}
