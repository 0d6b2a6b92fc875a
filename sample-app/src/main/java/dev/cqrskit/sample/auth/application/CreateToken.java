package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Result;

import java.util.Objects;

/**
 * Log in: exchange an email and password for a signed token. The email is taken as typed (not validated) so that a
 * malformed email fails exactly like a wrong one.
 *
 * @param email    the email as typed
 * @param password the password
 * @param client   who is asking (the client's address), for throttling
 */
public record CreateToken(String email, String password, String client) implements Command<Result<IssuedToken>> {

    /** Validates presence. */
    public CreateToken {
        Objects.requireNonNull(email, "email must not be null");
        Objects.requireNonNull(password, "password must not be null");
        Objects.requireNonNull(client, "client must not be null");
    }

    @Override
    public String toString() {
        return "CreateToken[email=" + email + ", password=***, client=" + client + "]";
    }
}
