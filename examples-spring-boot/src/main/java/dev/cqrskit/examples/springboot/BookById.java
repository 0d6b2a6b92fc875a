package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.Query;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One book, if it exists. */
public record BookById(UUID id) implements Query<Optional<Book>> {

    public BookById {
        Objects.requireNonNull(id, "id must not be null");
    }
}
