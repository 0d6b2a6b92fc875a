package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.core.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's five-minute example and the getting-started composition root, run. */
class GettingStartedTest {

    @Test
    void registersAUserThroughTheBusAndPublishesTheEvent() {
        // tag::usage[]
        Application app = new Application(Clock.systemUTC());

        UserId id = app.commands().dispatch(new RegisterUser("ada@example.com"));

        assertThat(id).isNotNull();
        assertThat(app.welcomeMails()).containsExactly("ada@example.com");
        // end::usage[]
    }

    @Test
    void refusesASecondRegistrationOfTheSameEmail() {
        Application app = new Application(Clock.systemUTC());
        app.commands().dispatch(new RegisterUser("ada@example.com"));

        assertThatThrownBy(() -> app.commands().dispatch(new RegisterUser("ada@example.com")))
                .isInstanceOf(DomainException.class)
                .hasMessage("Email ada@example.com is already registered");
    }

    @Test
    void commandsValidateInTheirConstructor() {
        assertThatThrownBy(() -> new RegisterUser("not-an-email"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("email must be an email address, but was 'not-an-email'");
    }
}
