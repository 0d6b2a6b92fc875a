package dev.cqrskit.test.arch.good.shop.contracts;

import dev.cqrskit.core.DomainEvent;

/** An integration event other contexts may depend on. */
public record OrderShipped(String orderId) implements DomainEvent {
}
