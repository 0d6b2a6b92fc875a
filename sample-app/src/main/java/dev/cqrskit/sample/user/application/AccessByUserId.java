package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Query;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Objects;
import java.util.Optional;

/**
 * What a user may do now, for authorization: read from the database on every request and never cached, so a
 * demotion or a password change on any node takes effect at once on every node.
 *
 * @param userId the user
 */
public record AccessByUserId(UserId userId) implements Query<Optional<UserAccess>> {

    /** Validates presence. */
    public AccessByUserId {
        Objects.requireNonNull(userId, "userId must not be null");
    }
}
