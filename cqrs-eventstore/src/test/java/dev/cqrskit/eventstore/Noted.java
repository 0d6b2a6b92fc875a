package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;

/** A test event that names its stream and its number in it, so a reader can check order and completeness. */
record Noted(String stream, long n) implements DomainEvent {
}
