package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.Query;
import dev.cqrskit.test.arch.good.shop.domain.OrderId;

import java.util.Optional;

public record OrderTotal(OrderId id) implements Query<Optional<Long>> {
}
