package dev.cqrskit.test.arch.good.shop.infrastructure;

import dev.cqrskit.test.arch.good.shop.domain.Order;
import dev.cqrskit.test.arch.good.shop.domain.OrderId;
import dev.cqrskit.test.arch.good.shop.domain.Orders;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryOrders implements Orders {
    private final Map<OrderId, Order> orders = new HashMap<>();

    @Override
    public Optional<Order> find(OrderId id) {
        return Optional.ofNullable(orders.get(id));
    }

    @Override
    public void save(Order order) {
        orders.put(order.id(), order);
    }
}
