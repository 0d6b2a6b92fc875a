package dev.cqrskit.test.contract;

import dev.cqrskit.core.DomainEvent;

/** A contract test event that names its stream and its number in it. */
record Numbered(String stream, long n) implements DomainEvent {
}
