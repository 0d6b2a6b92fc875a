package dev.cqrskit.test.arch.bad.layering.shop.application;

import dev.cqrskit.test.arch.bad.layering.shop.infrastructure.OrderTable;

/** Invalid: the application layer takes the adapter instead of a domain port. */
public final class PlaceOrderService {
    private final OrderTable table;

    public PlaceOrderService(OrderTable table) {
        this.table = table;
    }

    public int count() {
        return table.rows();
    }
}
