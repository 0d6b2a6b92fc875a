package dev.cqrskit.test.arch.bad.naming.shop.application;

import dev.cqrskit.core.bus.CommandHandler;

/** Invalid: a handler not named ...Handler. */
public final class OrderPlacement implements CommandHandler<PlaceOrder, Void> {
    @Override
    public Void handle(PlaceOrder command) {
        return null;
    }
}
