package dev.cqrskit.test.arch.good.shop.domain;

import dev.cqrskit.core.domain.DomainException;

public final class EmptyOrderException extends DomainException {
    private static final long serialVersionUID = 1L;

    public EmptyOrderException(OrderId id) {
        super("Order " + id + " has no lines");
    }
}
