package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Query;

/** The messages the tests dispatch. */
final class Messages {

    private Messages() {
    }

    record RegisterThing(String name) implements Command<String> {
    }

    record ThingByName(String name) implements Query<String> {
    }

    record ThingRegistered(String name) implements DomainEvent {
    }
}
