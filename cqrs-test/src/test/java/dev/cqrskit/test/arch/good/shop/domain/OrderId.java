package dev.cqrskit.test.arch.good.shop.domain;

public record OrderId(String value) {
}
