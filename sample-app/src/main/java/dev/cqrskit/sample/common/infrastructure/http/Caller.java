package dev.cqrskit.sample.common.infrastructure.http;

import dev.cqrskit.sample.common.domain.UserId;

/**
 * Who sent an authenticated request.
 *
 * @param userId the user
 * @param admin  whether the user is an admin
 */
public record Caller(UserId userId, boolean admin) {
}
