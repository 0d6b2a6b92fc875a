package dev.cqrskit.test.bank;

import dev.cqrskit.core.domain.Decider;
import dev.cqrskit.core.domain.DomainException;

import java.util.List;

/** A decider: an email address registers once and may unregister. */
public final class Registration
        implements Decider<Registration.Command, Registration.State, Registration.Event> {

    public sealed interface Command {
    }

    public record Register(String email) implements Command {
    }

    public record Unregister(String email) implements Command {
    }

    public sealed interface Event {
    }

    public record Registered(String email) implements Event {
    }

    public record Unregistered(String email) implements Event {
    }

    public record State(boolean registered, int registrations) {
        public static final State NONE = new State(false, 0);
    }

    @Override
    public State initialState() {
        return State.NONE;
    }

    @Override
    public List<Event> decide(Command command, State state) {
        if (command instanceof Register register) {
            if (state.registered()) {
                throw new DomainException(register.email() + " is already registered");
            }
            return List.of(new Registered(register.email()));
        }
        Unregister unregister = (Unregister) command;
        return state.registered() ? List.of(new Unregistered(unregister.email())) : List.of();
    }

    @Override
    public State evolve(State state, Event event) {
        if (event instanceof Registered) {
            return new State(true, state.registrations() + 1);
        }
        return new State(false, state.registrations());
    }
}
