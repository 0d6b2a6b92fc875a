package dev.cqrskit.sample.common.domain;

import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.domain.Require;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed and lower-cased so that one mailbox has one spelling.
 *
 * @param value the normalized address
 */
public record Email(String value) {

    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]{2,}");

    /** Normalizes and validates the address. */
    public Email {
        value = Require.notBlank("email", value).strip().toLowerCase(Locale.ROOT);
        Require.maxLength("email", value, MAX_LENGTH);
        if (!SHAPE.matcher(value).matches() || value.contains("..")) {
            throw new InvalidValueException("email", "email must be an email address like ada@example.com");
        }
    }

    /** @return the part before the {@code @} */
    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    @Override
    public String toString() {
        return value;
    }
}
