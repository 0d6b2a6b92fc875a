package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.middleware.LoggingMiddleware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The getting-started wiring as Spring {@code @Bean}s: the same constructors, called by Spring. */
// Compact one-line beans: this class is shown whole in docs/getting-started.md.
// tag::spring[]
@Configuration
class CqrsConfiguration {
    @Bean Clock clock() { return Clock.systemUTC(); }
    @Bean IdGenerator ids(Clock clock) { return IdGenerator.timeOrdered(clock); }
    @Bean MetadataFactory metadataFactory(Clock clock, IdGenerator ids) { return new MetadataFactory(clock, ids); }
    @Bean EventBus eventBus(MetadataFactory metadata) { return EventBus.builder().metadataFactory(metadata).build(); }
    @Bean Users users(MetadataFactory metadata, EventBus events) { return new InMemoryUsers(metadata, events); }
    @Bean RegisterUserHandler registerUserHandler(Users users, IdGenerator ids) {
        return new RegisterUserHandler(users, ids);
    }
    @Bean CommandBus commandBus(MetadataFactory metadata, RegisterUserHandler registerUser) {
        return CommandBus.builder()
                .metadataFactory(metadata)
                .middleware(new LoggingMiddleware())
                .handle(RegisterUser.class, registerUser)
                .build();
    }
}
// end::spring[]
