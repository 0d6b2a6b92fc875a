package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.user.application.UserById;
import dev.cqrskit.sample.user.application.UserView;

import java.util.Optional;

/**
 * Turns a bearer token into the user it speaks for: the token must verify, its user must exist, and the user's
 * password must not have changed since it was issued (compared to the millisecond, the precision the token carries).
 * Uses the cached {@link UserById} query.
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
     * @return the user, or empty if the token is not (or no longer) valid
     */
    public Optional<AuthenticatedUser> authenticate(String token) {
        Optional<Tokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserView> user = queries.dispatch(new UserById(claims.get().userId()));
        long issuedUnder = claims.get().passwordChangedAt().toEpochMilli();
        return user.filter(view -> view.passwordChangedAt().toEpochMilli() == issuedUnder)
                .map(view -> new AuthenticatedUser(claims.get().userId(), claims.get().role()));
    }
}
