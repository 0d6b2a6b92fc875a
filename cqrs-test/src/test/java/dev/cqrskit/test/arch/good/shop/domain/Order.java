package dev.cqrskit.test.arch.good.shop.domain;

import dev.cqrskit.core.domain.AggregateRoot;

public final class Order extends AggregateRoot<OrderId> {
    private final long total;

    private Order(OrderId id, long version, long total) {
        super(id, version);
        this.total = total;
    }

    public static Order place(OrderId id, long total) {
        if (total <= 0) {
            throw new EmptyOrderException(id);
        }
        Order order = new Order(id, NEW, total);
        order.record(new OrderEvent.OrderPlaced(id, total));
        return order;
    }

    public long total() {
        return total;
    }
}
