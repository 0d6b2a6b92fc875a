package dev.cqrskit.sample.user.application;

import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.Role;

import java.time.Instant;

/**
 * A user's current role and password time, as authorization checks them.
 *
 * @param userId            the user
 * @param role              the role now
 * @param passwordChangedAt when the password was last set (tokens issued under another time are void)
 */
public record UserAccess(UserId userId, Role role, Instant passwordChangedAt) {
}
