package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Query;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Objects;
import java.util.Optional;

/**
 * A user by id.
 *
 * @param userId the user
 */
public record UserById(UserId userId) implements Query<Optional<UserView>> {

    /** Validates presence. */
    public UserById {
        Objects.requireNonNull(userId, "userId must not be null");
    }
}
