package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.test.arch.good.shop.domain.OrderEvent;

/** An automation that dispatches on the bus instead of calling a handler. */
public final class ShipPlacedOrders implements EventSubscriber<OrderEvent.OrderPlaced> {
    private final CommandBus commands;

    public ShipPlacedOrders(CommandBus commands) {
        this.commands = commands;
    }

    @Override
    public void on(OrderEvent.OrderPlaced event) {
        commands.dispatch(new PlaceOrder(event.id(), event.total()));
    }
}
