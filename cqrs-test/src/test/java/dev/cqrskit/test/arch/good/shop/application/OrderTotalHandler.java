package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.test.arch.good.shop.domain.Order;
import dev.cqrskit.test.arch.good.shop.domain.Orders;

import java.util.Optional;

public final class OrderTotalHandler implements QueryHandler<OrderTotal, Optional<Long>> {
    private final Orders orders;

    public OrderTotalHandler(Orders orders) {
        this.orders = orders;
    }

    @Override
    public Optional<Long> handle(OrderTotal query) {
        return orders.find(query.id()).map(Order::total);
    }
}
