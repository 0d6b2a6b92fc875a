package dev.cqrskit.test.arch.bad.naming.shop.infrastructure;

/** Invalid: an Impl suffix. */
public final class OrdersImpl {
}
