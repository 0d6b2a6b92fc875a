package dev.cqrskit.test.arch.good.billing.domain;

import dev.cqrskit.test.arch.good.shop.contracts.OrderShipped;

/** Billing depends on shop's contracts, one way. */
public record Invoice(String orderId, long amount) {
    public static Invoice forShipment(OrderShipped shipped, long amount) {
        return new Invoice(shipped.orderId(), amount);
    }
}
