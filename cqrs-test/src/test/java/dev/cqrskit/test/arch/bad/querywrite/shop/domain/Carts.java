package dev.cqrskit.test.arch.bad.querywrite.shop.domain;

import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.Repository;

public interface Carts extends Repository<Carts.Cart, String> {
    final class Cart extends AggregateRoot<String> {
        public Cart(String id, long version) {
            super(id, version);
        }
    }
}
