package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.Role;

import java.util.Objects;

/**
 * Register a user; answers the new id.
 *
 * @param email       the email
 * @param password    the password in clear (checked by the policy, hashed, never stored or logged)
 * @param displayName the display name
 * @param role        the role
 */
public record RegisterUser(Email email, String password, DisplayName displayName, Role role)
        implements Command<UserId> {

    /** Validates presence; values validate themselves. */
    public RegisterUser {
        Objects.requireNonNull(email, "email must not be null");
        Objects.requireNonNull(password, "password must not be null");
        Objects.requireNonNull(displayName, "displayName must not be null");
        Objects.requireNonNull(role, "role must not be null");
    }

    @Override
    public String toString() {
        return "RegisterUser[email=" + email + ", password=***, displayName=" + displayName + ", role=" + role + "]";
    }
}
