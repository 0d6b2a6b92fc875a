package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.domain.UserId;

import java.util.Objects;

/**
 * Change a password, proving knowledge of the current one. Fails as a {@link Result} with code
 * {@code invalid-credentials} when the current password is wrong.
 *
 * @param userId          the user
 * @param currentPassword the current password
 * @param newPassword     the new password
 */
public record ChangePassword(UserId userId, String currentPassword, String newPassword)
        implements Command<Result<Void>> {

    /** Validates presence. */
    public ChangePassword {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(currentPassword, "currentPassword must not be null");
        Objects.requireNonNull(newPassword, "newPassword must not be null");
    }

    @Override
    public String toString() {
        return "ChangePassword[userId=" + userId + ", currentPassword=***, newPassword=***]";
    }
}
