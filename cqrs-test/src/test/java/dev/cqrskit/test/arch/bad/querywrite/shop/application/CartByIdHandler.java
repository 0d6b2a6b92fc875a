package dev.cqrskit.test.arch.bad.querywrite.shop.application;

import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.test.arch.bad.querywrite.shop.domain.Carts;

/** Invalid: a query that saves. */
public final class CartByIdHandler implements QueryHandler<CartById, String> {
    private final Carts carts;

    public CartByIdHandler(Carts carts) {
        this.carts = carts;
    }

    @Override
    public String handle(CartById query) {
        Carts.Cart cart = carts.get(query.id());
        carts.save(cart);
        return cart.id();
    }
}
