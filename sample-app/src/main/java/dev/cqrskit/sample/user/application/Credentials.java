package dev.cqrskit.sample.user.application;

import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.PasswordHash;
import dev.cqrskit.sample.user.domain.Role;

import java.time.Instant;

/**
 * What login needs to know of a user. Never cached, never sent over HTTP.
 *
 * @param userId            the user
 * @param role              the role
 * @param passwordHash      the password's hash
 * @param passwordChangedAt when the password was last set
 * @param emailVerified     whether the user proved the email address
 */
public record Credentials(UserId userId, Role role, PasswordHash passwordHash, Instant passwordChangedAt,
                          boolean emailVerified) {
}
