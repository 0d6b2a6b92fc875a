package dev.cqrskit.examples.gettingstarted;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import jakarta.inject.Provider;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The getting-started wiring with Guice: {@code @Provides} methods, and a handler looked up lazily. */
class GuiceWiringTest {

    static class CqrsModule extends AbstractModule {

        @Provides
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }

        @Provides
        @Singleton
        IdGenerator ids(Clock clock) {
            return IdGenerator.timeOrdered(clock);
        }

        @Provides
        @Singleton
        MetadataFactory metadataFactory(Clock clock, IdGenerator ids) {
            return new MetadataFactory(clock, ids);
        }

        @Provides
        @Singleton
        EventBus eventBus(MetadataFactory metadata) {
            return EventBus.builder().metadataFactory(metadata).build();
        }

        @Provides
        @Singleton
        Users users(MetadataFactory metadata, EventBus events) {
            return new InMemoryUsers(metadata, events);
        }

        @Provides
        RegisterUserHandler registerUserHandler(Users users, IdGenerator ids) {
            return new RegisterUserHandler(users, ids);
        }

        // tag::guice[]
        @Provides
        @Singleton
        CommandBus commandBus(MetadataFactory metadata, Provider<RegisterUserHandler> registerUser) {
            return CommandBus.builder()
                    .metadataFactory(metadata)
                    .handleLazily(RegisterUser.class, registerUser)   // looked up from Guice on each dispatch
                    .build();
        }
        // end::guice[]
    }

    @Test
    void guiceCallsTheSameConstructorsAndSuppliesLazyHandlers() {
        Injector injector = Guice.createInjector(new CqrsModule());
        CommandBus commands = injector.getInstance(CommandBus.class);

        UserId id = commands.dispatch(new RegisterUser("ada@example.com"));

        assertThat(injector.getInstance(Users.class).find(id)).isPresent();
    }
}
