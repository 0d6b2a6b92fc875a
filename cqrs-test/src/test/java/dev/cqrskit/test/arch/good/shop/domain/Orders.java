package dev.cqrskit.test.arch.good.shop.domain;

import dev.cqrskit.core.domain.Repository;

public interface Orders extends Repository<Order, OrderId> {
}
