package dev.cqrskit.test.arch.bad.querywrite.shop.application;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryHandler;

/** Invalid: a query handler with the command bus. */
public final class CartCountHandler implements QueryHandler<CartCount, Integer> {
    private final CommandBus commands;

    public CartCountHandler(CommandBus commands) {
        this.commands = commands;
    }

    @Override
    public Integer handle(CartCount query) {
        return commands == null ? 0 : 1;
    }
}
