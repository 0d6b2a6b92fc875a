package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.common.application.Throttle;
import dev.cqrskit.sample.common.application.TooManyAttemptsException;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.PasswordPolicy;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.Users;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Changes a password after checking the current one and the policy. Guesses of the current password are throttled
 * per user like logins (a stolen token must not become a password oracle): each check is reserved before hashing,
 * and too many wrong ones throw {@link TooManyAttemptsException}.
 */
public final class ChangePasswordHandler implements CommandHandler<ChangePassword, Result<Void>> {

    /** The failure code for a wrong current password. */
    public static final String INVALID_CREDENTIALS = "invalid-credentials";

    private final Users users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;
    private final Throttle guesses;
    private final AuditLog audit;

    /**
     * Creates the handler.
     *
     * @param users   the users
     * @param hasher  checks and hashes passwords
     * @param policy  checks the new password
     * @param clock   the change time
     * @param guesses wrong current passwords per user
     * @param audit   records changes and failures
     */
    public ChangePasswordHandler(Users users, PasswordHasher hasher, PasswordPolicy policy, Clock clock,
                                 Throttle guesses, AuditLog audit) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
        this.guesses = guesses;
        this.audit = audit;
    }

    @Override
    public Result<Void> handle(ChangePassword command) {
        String key = command.userId().toString();
        Optional<Duration> wait = guesses.tryAcquire(key);
        if (wait.isPresent()) {
            audit.record("password.throttled", "user", command.userId());
            throw new TooManyAttemptsException("Too many wrong current passwords. Wait a few minutes and try again.",
                    wait.get());
        }
        User user = users.get(command.userId());
        if (!hasher.matches(command.currentPassword(), user.passwordHash())) {
            audit.record("password.change-failed", "user", command.userId(), "reason", "wrong-current-password");
            return Result.failure(INVALID_CREDENTIALS, "The current password is wrong.");
        }
        guesses.reset(key);
        policy.check(command.newPassword(), user.email());
        user.changePassword(hasher.hash(command.newPassword()), clock.instant());
        users.save(user);
        audit.record("password.changed", "user", command.userId());
        return Result.success(null);
    }
}
