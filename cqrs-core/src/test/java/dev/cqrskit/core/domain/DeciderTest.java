package dev.cqrskit.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeciderTest {

    sealed interface Command permits Register, Verify {
    }

    record Register(String email) implements Command {
    }

    record Verify(String code) implements Command {
    }

    sealed interface Event permits Registered, Verified {
    }

    record Registered(String email, String code) implements Event {
    }

    record Verified(String email) implements Event {
    }

    record State(String email, String code, boolean verified) {
        static final State NONE = new State(null, null, false);
    }

    static final class Registration implements Decider<Command, State, Event> {
        @Override
        public State initialState() {
            return State.NONE;
        }

        @Override
        public List<Event> decide(Command command, State state) {
            if (command instanceof Register register) {
                if (state.email() != null) {
                    throw new DomainException("Already registered as " + state.email());
                }
                return List.of(new Registered(register.email(), "123"));
            }
            Verify verify = (Verify) command;
            if (state.verified()) {
                return List.of();
            }
            if (!verify.code().equals(state.code())) {
                throw new DomainException("The code does not match");
            }
            return List.of(new Verified(state.email()));
        }

        @Override
        public State evolve(State state, Event event) {
            if (event instanceof Registered registered) {
                return new State(registered.email(), registered.code(), false);
            }
            return new State(state.email(), state.code(), true);
        }
    }

    private final Registration registration = new Registration();

    @Test
    void foldsEventsFromTheInitialState() {
        State state = registration.fold(List.of(new Registered("a@b", "123"), new Verified("a@b")));

        assertThat(state).isEqualTo(new State("a@b", "123", true));
        assertThat(registration.fold(List.of())).isEqualTo(State.NONE);
    }

    @Test
    void decidesACommandAgainstPastEvents() {
        assertThat(registration.decide(List.of(), new Register("a@b")))
                .containsExactly(new Registered("a@b", "123"));
        assertThat(registration.decide(List.of(new Registered("a@b", "123")), new Verify("123")))
                .containsExactly(new Verified("a@b"));
        assertThat(registration.decide(List.of(new Registered("a@b", "123"), new Verified("a@b")), new Verify("1")))
                .isEmpty();
    }

    @Test
    void refusesWithADomainException() {
        assertThatThrownBy(() -> registration.decide(List.of(new Registered("a@b", "123")), new Verify("999")))
                .isInstanceOf(DomainException.class).hasMessage("The code does not match");
    }
}
