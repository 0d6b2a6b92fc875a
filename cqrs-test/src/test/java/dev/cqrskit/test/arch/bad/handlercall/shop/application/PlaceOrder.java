package dev.cqrskit.test.arch.bad.handlercall.shop.application;

import dev.cqrskit.core.Command;

public record PlaceOrder(String id) implements Command<Void> {
}
