package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.DomainEvent;
import java.util.UUID;

/** A book was registered. */
public record BookRegistered(UUID bookId, String title) implements DomainEvent {
}
