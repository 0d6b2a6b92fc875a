package dev.cqrskit.sample.auth.application;

import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.Role;

/**
 * Who a valid token speaks for.
 *
 * @param userId the user
 * @param role   the role
 */
public record AuthenticatedUser(UserId userId, Role role) {

    /** @return whether the user is an admin */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
