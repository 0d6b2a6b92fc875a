package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.user.application.AccessByUserId;
import dev.cqrskit.sample.user.application.UserAccess;

import java.util.Optional;

/**
 * Turns a bearer token into the user it speaks for: the token must verify, its user must exist, and the user's
 * password must not have changed since it was issued (compared to the millisecond, the precision the token carries).
 *
 * <p>The role and the password time come from the database on every request ({@link AccessByUserId}, never cached),
 * not from the token or a node's query cache: a demoted admin loses admin rights and a changed password voids old
 * tokens at once, on every node. Threadsafe.
 */
public final class Authenticator {

    private final Tokens tokens;
    private final QueryBus queries;

    /**
     * Creates the authenticator.
     *
     * @param tokens  checks tokens
     * @param queries reads users
     */
    public Authenticator(Tokens tokens, QueryBus queries) {
        this.tokens = tokens;
        this.queries = queries;
    }

    /**
     * Authenticates a token.
     *
     * @param token the compact token
     * @return the user with their current role, or empty if the token is not (or no longer) valid
     */
    public Optional<AuthenticatedUser> authenticate(String token) {
        Optional<Tokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserAccess> access = queries.dispatch(new AccessByUserId(claims.get().userId()));
        long issuedUnder = claims.get().passwordChangedAt().toEpochMilli();
        return access.filter(now -> now.passwordChangedAt().toEpochMilli() == issuedUnder)
                .map(now -> new AuthenticatedUser(now.userId(), now.role()));
    }
}
