package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.test.arch.good.shop.domain.OrderId;

public record PlaceOrder(OrderId id, long total) implements Command<OrderId> {
}
