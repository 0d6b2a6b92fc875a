package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.PasswordPolicy;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.Users;

import java.time.Clock;

/** Changes a password after checking the current one and the policy. */
public final class ChangePasswordHandler implements CommandHandler<ChangePassword, Result<Void>> {

    /** The failure code for a wrong current password. */
    public static final String INVALID_CREDENTIALS = "invalid-credentials";

    private final Users users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;

    /**
     * Creates the handler.
     *
     * @param users  the users
     * @param hasher checks and hashes passwords
     * @param policy checks the new password
     * @param clock  the change time
     */
    public ChangePasswordHandler(Users users, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Result<Void> handle(ChangePassword command) {
        User user = users.get(command.userId());
        if (!hasher.matches(command.currentPassword(), user.passwordHash())) {
            return Result.failure(INVALID_CREDENTIALS, "The current password is wrong.");
        }
        policy.check(command.newPassword(), user.email());
        user.changePassword(hasher.hash(command.newPassword()), clock.instant());
        users.save(user);
        return Result.success(null);
    }
}
