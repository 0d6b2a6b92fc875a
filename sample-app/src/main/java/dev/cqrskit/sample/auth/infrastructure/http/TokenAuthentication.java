package dev.cqrskit.sample.auth.infrastructure.http;

import dev.cqrskit.sample.auth.application.Authenticator;
import dev.cqrskit.sample.common.infrastructure.http.BearerAuthentication;
import dev.cqrskit.sample.common.infrastructure.http.Caller;

import java.util.Optional;

/** Adapts the auth context's {@link Authenticator} to the HTTP layer's {@link BearerAuthentication}. */
public final class TokenAuthentication implements BearerAuthentication {

    private final Authenticator authenticator;

    /** @param authenticator checks tokens */
    public TokenAuthentication(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        return authenticator.authenticate(token).map(user -> new Caller(user.userId(), user.isAdmin()));
    }
}
