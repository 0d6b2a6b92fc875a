package dev.cqrskit.test.arch.bad.layering.shop.domain;

import dev.cqrskit.test.arch.bad.layering.shop.infrastructure.OrderTable;

/** Invalid: the domain reaches into infrastructure. */
public final class Order {
    private final OrderTable table = new OrderTable();

    public int rows() {
        return table.rows();
    }
}
