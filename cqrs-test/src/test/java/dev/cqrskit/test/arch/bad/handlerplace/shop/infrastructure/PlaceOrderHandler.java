package dev.cqrskit.test.arch.bad.handlerplace.shop.infrastructure;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandHandler;

/** Invalid: a command handler outside the application layer. */
public final class PlaceOrderHandler implements CommandHandler<PlaceOrderHandler.PlaceOrder, Void> {
    public record PlaceOrder(String id) implements Command<Void> {
    }

    @Override
    public Void handle(PlaceOrder command) {
        return null;
    }
}
