package dev.cqrskit.test.arch.bad.handlercall.shop.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandHandler;

/** Invalid: calls another command handler directly instead of dispatching on the bus. */
public final class ReorderHandler implements CommandHandler<ReorderHandler.Reorder, Void> {
    public record Reorder(String id) implements Command<Void> {
    }

    private final PlaceOrderHandler placeOrder = new PlaceOrderHandler();

    @Override
    public Void handle(Reorder command) {
        return placeOrder.handle(new PlaceOrder(command.id()));
    }
}
