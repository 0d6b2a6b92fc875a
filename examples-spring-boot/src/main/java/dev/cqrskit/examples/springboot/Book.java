package dev.cqrskit.examples.springboot;

import java.util.UUID;

/** A book as readers see it. */
public record Book(UUID id, String title) {
}
