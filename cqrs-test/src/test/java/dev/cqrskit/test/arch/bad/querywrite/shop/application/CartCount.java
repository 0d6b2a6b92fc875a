package dev.cqrskit.test.arch.bad.querywrite.shop.application;

import dev.cqrskit.core.Query;

public record CartCount() implements Query<Integer> {
}
