package dev.cqrskit.sample.user.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as queries show it: no password hash.
 *
 * @param id                the id
 * @param email             the email
 * @param displayName       the display name
 * @param role              the role
 * @param emailVerified     whether the email is verified
 * @param passwordChangedAt when the password was last set (tokens issued earlier are void)
 */
public record UserView(UUID id, String email, String displayName, String role, boolean emailVerified,
                       Instant passwordChangedAt) {
}
