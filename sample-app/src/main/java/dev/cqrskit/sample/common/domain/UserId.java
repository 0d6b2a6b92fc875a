package dev.cqrskit.sample.common.domain;

import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Require;

import java.util.UUID;

/**
 * A user's identity, shared by every bounded context.
 *
 * @param value the id
 */
public record UserId(UUID value) {

    /** Validates the id. */
    public UserId {
        Require.present("userId", value);
    }

    /**
     * Parses an id from text.
     *
     * @param text a UUID
     * @return the id
     * @throws InvalidValueException if the text is not a UUID
     */
    public static UserId from(String text) {
        Require.notBlank("userId", text);
        try {
            return new UserId(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("userId", "userId must be a UUID like 0190b2a0-0000-7000-8000-000000000000");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
