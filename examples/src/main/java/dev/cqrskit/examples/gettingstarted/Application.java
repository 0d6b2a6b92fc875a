package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.middleware.LoggingMiddleware;
import dev.cqrskit.core.middleware.RetryMiddleware;
import dev.cqrskit.core.middleware.RetryPolicy;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-written composition root: every object made once, with every collaborator passed in. */
public final class Application {

    private final List<String> welcomeMails = new CopyOnWriteArrayList<>();
    private final CommandBus commands;

    // tag::composition-root[]
    public Application(Clock clock) {
        IdGenerator ids = IdGenerator.timeOrdered(clock);
        MetadataFactory metadata = new MetadataFactory(clock, ids);
        EventBus events = EventBus.builder()
                .metadataFactory(metadata)
                .subscribe(UserRegistered.class, event -> welcomeMails.add(event.email()))
                .build();
        Users users = new InMemoryUsers(metadata, events);
        // tag::bus[]
        commands = CommandBus.builder()
                .metadataFactory(metadata)
                .middleware(new LoggingMiddleware())
                .middleware(new RetryMiddleware(RetryPolicy.defaults()))
                .handle(RegisterUser.class, new RegisterUserHandler(users, ids))
                .build();
        // end::bus[]
    }
    // end::composition-root[]

    public CommandBus commands() {
        return commands;
    }

    public List<String> welcomeMails() {
        return List.copyOf(welcomeMails);
    }
}
