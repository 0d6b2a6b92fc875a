package dev.cqrskit.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * The functional shape of a write model, as in event modeling: decide the events a command causes from the state,
 * and evolve the state by each event. Pure functions, no framework, trivially testable.
 *
 * <pre>{@code
 * final class Registration implements Decider<RegistrationCommand, RegistrationState, RegistrationEvent> {
 *     public RegistrationState initialState() { return RegistrationState.NONE; }
 *     public List<RegistrationEvent> decide(RegistrationCommand command, RegistrationState state) { ... }
 *     public RegistrationState evolve(RegistrationState state, RegistrationEvent event) { ... }
 * }
 *
 * List<RegistrationEvent> events = registration.decide(pastEvents, new Register(email));
 * }</pre>
 *
 * <p>Implementations should be stateless and therefore threadsafe.
 *
 * @param <C> the command type
 * @param <S> the state type
 * @param <E> the event type
 * @since 0.1.0
 */
public interface Decider<C, S, E> {

    /** @return the state before any event */
    S initialState();

    /**
     * Decides what a command causes; throws a {@link DomainException} to refuse it.
     *
     * @param command the command
     * @param state   the current state
     * @return the new events, possibly none
     */
    List<E> decide(C command, S state);

    /**
     * Returns the state after an event.
     *
     * @param state the state before
     * @param event the event
     * @return the state after
     */
    S evolve(S state, E event);

    /**
     * Folds events into a state, starting from {@link #initialState()}.
     *
     * @param events the events, oldest first
     * @return the resulting state
     */
    default S fold(Iterable<? extends E> events) {
        Objects.requireNonNull(events, "events must not be null");
        S state = initialState();
        for (E event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    /**
     * Folds past events, then decides a command against the result.
     *
     * @param past    the events so far, oldest first
     * @param command the command
     * @return the new events
     */
    default List<E> decide(Iterable<? extends E> past, C command) {
        return decide(command, fold(past));
    }
}
