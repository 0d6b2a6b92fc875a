package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.domain.DomainException;

/** Handles {@link RegisterUser}: checks the rule, creates the aggregate, saves it. */
// tag::handler[]
public final class RegisterUserHandler implements CommandHandler<RegisterUser, UserId> {

    private final Users users;
    private final IdGenerator ids;

    public RegisterUserHandler(Users users, IdGenerator ids) {
        this.users = users;
        this.ids = ids;
    }

    @Override
    public UserId handle(RegisterUser command) {
        if (users.findByEmail(command.email()).isPresent()) {
            throw new DomainException("Email " + command.email() + " is already registered");
        }
        User user = User.register(new UserId(ids.nextId()), command.email());
        users.save(user);
        return user.id();
    }
}
// end::handler[]
