package dev.cqrskit.sample.common.infrastructure.http;

import java.util.Optional;

/** Checks bearer tokens; the auth context implements it, so other contexts need not depend on auth. */
@FunctionalInterface
public interface BearerAuthentication {

    /**
     * Checks a token.
     *
     * @param token the token after {@code Bearer }
     * @return the caller, or empty if the token is not valid
     */
    Optional<Caller> authenticate(String token);
}
