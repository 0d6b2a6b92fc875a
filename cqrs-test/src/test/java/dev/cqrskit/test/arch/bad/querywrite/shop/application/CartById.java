package dev.cqrskit.test.arch.bad.querywrite.shop.application;

import dev.cqrskit.core.Query;

public record CartById(String id) implements Query<String> {
}
