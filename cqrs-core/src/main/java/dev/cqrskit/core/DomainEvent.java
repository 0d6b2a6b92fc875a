package dev.cqrskit.core;

/**
 * Something that happened in the domain, named in the past tense ({@code UserRegistered}).
 *
 * <p>Events are immutable records; an aggregate's events usually share a {@code sealed interface} that extends this
 * one. The metadata of an event (ids, time, tenant) travels beside it in an {@link EventMessage}, not inside it.
 *
 * @since 0.1.0
 */
public interface DomainEvent {
}
