package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.middleware.LoggingMiddleware;
import jakarta.inject.Provider;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The four ways to register a command handler, as docs/concepts.md shows them. */
class BusRegistrationTest {

    record Rename(UserId id, String name) implements Command<String> {
    }

    record ChangePassword(UserId id, String password) implements Command<Boolean> {
    }

    record DeleteUser(UserId id) implements Command<Void> {
    }

    private final Clock clock = Clock.systemUTC();
    private final IdGenerator ids = IdGenerator.timeOrdered(clock);
    private final MetadataFactory metadata = new MetadataFactory(clock, ids);
    private final Users users = new InMemoryUsers(metadata, EventBus.builder().metadataFactory(metadata).build());
    private final List<UserId> deleted = new CopyOnWriteArrayList<>();
    private final Provider<CommandHandler<ChangePassword, Boolean>> changePasswordProvider =
            () -> command -> command.password().length() >= 12;

    @Test
    void registersInstancesLambdasProvidersAndVoidHandlers() {
        // tag::registration[]
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, new RegisterUserHandler(users, ids))     // an instance
                .handle(Rename.class, command -> command.name().strip())             // a lambda
                .handleLazily(ChangePassword.class, changePasswordProvider)          // a jakarta.inject.Provider
                .handleVoid(DeleteUser.class, command -> deleted.add(command.id()))  // a command that answers nothing
                .middleware(new LoggingMiddleware())
                .build();
        // end::registration[]

        UserId id = commands.dispatch(new RegisterUser("ada@example.com"));
        assertThat(commands.dispatch(new Rename(id, " Ada "))).isEqualTo("Ada");
        assertThat(commands.dispatch(new ChangePassword(id, "correct horse battery"))).isTrue();
        assertThat(commands.dispatch(new DeleteUser(id))).isNull();
        assertThat(deleted).containsExactly(id);
    }
}
