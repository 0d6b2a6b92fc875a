package dev.cqrskit.test.arch.good.billing.application;

import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.test.arch.good.billing.domain.Invoice;
import dev.cqrskit.test.arch.good.shop.contracts.OrderShipped;

import java.util.ArrayList;
import java.util.List;

public final class InvoiceShippedOrders implements EventSubscriber<OrderShipped> {
    private final List<Invoice> invoices = new ArrayList<>();

    @Override
    public void on(OrderShipped event) {
        invoices.add(Invoice.forShipment(event, 1));
    }
}
