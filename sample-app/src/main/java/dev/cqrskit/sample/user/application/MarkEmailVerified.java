package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Objects;

/**
 * Mark a user's email verified; sent by the auth context once the user proved it.
 *
 * @param userId the user
 */
public record MarkEmailVerified(UserId userId) implements Command<Void> {

    /** Validates presence. */
    public MarkEmailVerified {
        Objects.requireNonNull(userId, "userId must not be null");
    }
}
