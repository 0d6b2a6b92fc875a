package dev.cqrskit.test.arch.bad.layering.shop.infrastructure;

public final class OrderTable {
    public int rows() {
        return 0;
    }
}
