package dev.cqrskit.test.arch.bad.handlercall.shop.application;

import dev.cqrskit.core.bus.CommandHandler;

public final class PlaceOrderHandler implements CommandHandler<PlaceOrder, Void> {
    @Override
    public Void handle(PlaceOrder command) {
        return null;
    }
}
