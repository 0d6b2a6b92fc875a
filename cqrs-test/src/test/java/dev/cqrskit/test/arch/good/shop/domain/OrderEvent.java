package dev.cqrskit.test.arch.good.shop.domain;

import dev.cqrskit.core.DomainEvent;

public sealed interface OrderEvent extends DomainEvent {
    record OrderPlaced(OrderId id, long total) implements OrderEvent {
    }
}
