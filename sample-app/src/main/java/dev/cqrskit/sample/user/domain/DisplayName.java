package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Require;

/**
 * The name a user shows to others: 1 to 80 characters, no control characters.
 *
 * @param value the name, trimmed
 */
public record DisplayName(String value) {

    /** Trims and validates the name. */
    public DisplayName {
        value = Require.notBlank("displayName", value).strip();
        Require.maxLength("displayName", value, 80);
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED)) {
            throw new InvalidValueException("displayName", "displayName must not contain control, format or"
                    + " unassigned characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
