package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.domain.Require;

import java.util.UUID;

/** A user's identity: a value object that validates in its constructor. */
public record UserId(UUID value) {

    public UserId {
        Require.present("userId", value);
    }

    public static UserId from(String text) {
        return new UserId(UUID.fromString(text));
    }
}
