package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.common.application.Throttle;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.PasswordPolicy;
import dev.cqrskit.sample.user.domain.Users;

import java.time.Clock;

/** Registers the user context's command handlers. */
public final class UserCommands {

    private UserCommands() {
    }

    /**
     * Registers the handlers.
     *
     * @param builder the command bus being built
     * @param users   the users
     * @param hasher  hashes passwords
     * @param ids     makes ids
     * @param clock   the time
     * @param passwordGuesses throttles wrong current passwords per user
     * @param audit   records password changes
     * @return the builder
     */
    public static CommandBus.Builder register(CommandBus.Builder builder, Users users, PasswordHasher hasher,
                                              IdGenerator ids, Clock clock, Throttle passwordGuesses,
                                              AuditLog audit) {
        PasswordPolicy policy = new PasswordPolicy();
        return builder
                .handle(RegisterUser.class, new RegisterUserHandler(users, hasher, policy, ids, clock))
                .handle(ChangePassword.class, new ChangePasswordHandler(users, hasher, policy, clock,
                        passwordGuesses, audit))
                .handleVoid(MarkEmailVerified.class, command -> {
                    var user = users.get(command.userId());
                    user.verifyEmail();
                    if (!user.uncommittedEvents().isEmpty()) {
                        users.save(user);
                    }
                });
    }
}
