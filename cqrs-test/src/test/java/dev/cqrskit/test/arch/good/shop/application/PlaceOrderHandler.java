package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.test.arch.good.shop.domain.Order;
import dev.cqrskit.test.arch.good.shop.domain.OrderId;
import dev.cqrskit.test.arch.good.shop.domain.Orders;

public final class PlaceOrderHandler implements CommandHandler<PlaceOrder, OrderId> {
    private final Orders orders;

    public PlaceOrderHandler(Orders orders) {
        this.orders = orders;
    }

    @Override
    public OrderId handle(PlaceOrder command) {
        Order order = Order.place(command.id(), command.total());
        orders.save(order);
        return order.id();
    }
}
