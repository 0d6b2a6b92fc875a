package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.test.arch.good.shop.domain.OrderId;

public record CancelOrder(OrderId id) implements Command<Void> {
}
