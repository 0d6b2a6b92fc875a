package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.bus.CommandBus;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The getting-started wiring with Spring {@code @Bean}s ({@link CqrsConfiguration}). */
class SpringWiringTest {

    @Test
    void springCallsTheSameConstructors() {
        try (var context = new AnnotationConfigApplicationContext(CqrsConfiguration.class)) {
            CommandBus commands = context.getBean(CommandBus.class);

            UserId id = commands.dispatch(new RegisterUser("ada@example.com"));

            assertThat(context.getBean(Users.class).find(id)).isPresent();
        }
    }
}
