package dev.cqrskit.test.arch.bad.naming.shop.application;

import dev.cqrskit.core.Command;

public record PlaceOrder(String id) implements Command<Void> {
}
