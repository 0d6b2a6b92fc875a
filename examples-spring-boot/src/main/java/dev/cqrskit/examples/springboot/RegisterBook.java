package dev.cqrskit.examples.springboot;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.domain.Require;
import java.util.UUID;

/** Registers a book; answers its id. */
public record RegisterBook(String title) implements Command<UUID> {

    public RegisterBook {
        Require.notBlank("title", title);
    }
}
