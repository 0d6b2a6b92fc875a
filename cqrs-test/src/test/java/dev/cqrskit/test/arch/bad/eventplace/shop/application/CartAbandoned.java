package dev.cqrskit.test.arch.bad.eventplace.shop.application;

import dev.cqrskit.core.DomainEvent;

/** Invalid: an event declared in the application layer. */
public record CartAbandoned(String cartId) implements DomainEvent {
}
