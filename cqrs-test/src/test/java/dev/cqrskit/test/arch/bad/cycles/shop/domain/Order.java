package dev.cqrskit.test.arch.bad.cycles.shop.domain;

import dev.cqrskit.test.arch.bad.cycles.billing.domain.Invoice;

/** Invalid together with Invoice: shop -> billing -> shop. */
public record Order(String id, Invoice invoice) {
}
