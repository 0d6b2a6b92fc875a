package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.EmailAlreadyRegisteredException;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.PasswordPolicy;
import dev.cqrskit.sample.user.domain.User;
import dev.cqrskit.sample.user.domain.Users;

import java.time.Clock;

/** Registers a user: the email must be free and the password acceptable. */
public final class RegisterUserHandler implements CommandHandler<RegisterUser, UserId> {

    private final Users users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final IdGenerator ids;
    private final Clock clock;

    /**
     * Creates the handler.
     *
     * @param users  the users
     * @param hasher hashes the password
     * @param policy checks the password
     * @param ids    makes the user id
     * @param clock  the registration time
     */
    public RegisterUserHandler(Users users, PasswordHasher hasher, PasswordPolicy policy, IdGenerator ids, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public UserId handle(RegisterUser command) {
        policy.check(command.password(), command.email());
        if (users.findByEmail(command.email()).isPresent()) {
            throw new EmailAlreadyRegisteredException(command.email());
        }
        User user = User.register(new UserId(ids.nextId()), command.email(), command.displayName(), command.role(),
                hasher.hash(command.password()), clock.instant());
        users.save(user);
        return user.id();
    }
}
