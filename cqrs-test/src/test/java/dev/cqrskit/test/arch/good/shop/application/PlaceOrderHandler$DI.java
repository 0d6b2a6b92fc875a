package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.test.arch.good.shop.infrastructure.InMemoryOrders;

/** Stands for a class avaje-inject generates: it wires infrastructure and must be ignored by the rules. */
public final class PlaceOrderHandler$DI {
    public static PlaceOrderHandler build() {
        return new PlaceOrderHandler(new InMemoryOrders());
    }
}
