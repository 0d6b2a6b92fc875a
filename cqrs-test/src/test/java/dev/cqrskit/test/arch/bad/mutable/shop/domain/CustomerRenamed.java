package dev.cqrskit.test.arch.bad.mutable.shop.domain;

import dev.cqrskit.core.DomainEvent;

/** Valid: an event class with final fields only. */
public final class CustomerRenamed implements DomainEvent {
    private final String name;

    public CustomerRenamed(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
