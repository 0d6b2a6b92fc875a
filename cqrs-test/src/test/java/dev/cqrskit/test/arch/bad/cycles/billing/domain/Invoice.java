package dev.cqrskit.test.arch.bad.cycles.billing.domain;

import dev.cqrskit.test.arch.bad.cycles.shop.domain.Order;

public record Invoice(String id) {
    public static Invoice of(Order order) {
        return new Invoice(order.id());
    }
}
