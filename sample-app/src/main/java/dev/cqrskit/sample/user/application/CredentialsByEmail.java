package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Query;
import dev.cqrskit.sample.common.domain.Email;

import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of the user with an email, for login.
 *
 * @param email the email
 */
public record CredentialsByEmail(Email email) implements Query<Optional<Credentials>> {

    /** Validates presence. */
    public CredentialsByEmail {
        Objects.requireNonNull(email, "email must not be null");
    }
}
