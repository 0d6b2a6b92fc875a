package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.DomainEvent;

/** A user registered: an event, named in the past tense. */
// tag::event[]
public record UserRegistered(UserId userId, String email) implements DomainEvent {
}
// end::event[]
