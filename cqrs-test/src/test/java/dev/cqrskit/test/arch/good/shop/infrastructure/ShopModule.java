package dev.cqrskit.test.arch.good.shop.infrastructure;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.test.arch.good.shop.application.PlaceOrder;
import dev.cqrskit.test.arch.good.shop.application.PlaceOrderHandler;

/** The composition root may reference handlers to register them. */
public final class ShopModule {
    public CommandBus commandBus() {
        return CommandBus.builder().handle(PlaceOrder.class, new PlaceOrderHandler(new InMemoryOrders())).build();
    }
}
