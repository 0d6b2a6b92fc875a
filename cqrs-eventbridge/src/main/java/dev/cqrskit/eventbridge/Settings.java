package dev.cqrskit.eventbridge;

import java.time.Duration;
import java.util.Objects;

/**
 * The one validation helper of this module's configuration: every message names the property path and the
 * offending value, {@code cqrs.eventbridge.<property> must be <expectation>, but was <value>}. Stateless.
 */
final class Settings {

    static final String PREFIX = "cqrs.eventbridge.";
    private static final int SHOWN_CHARACTERS = 80;

    private Settings() {
    }

    static IllegalArgumentException invalid(String property, String expectation, Object value) {
        return new IllegalArgumentException(PREFIX + property + " must be " + expectation + ", but was " + value);
    }

    static <T> T notNull(String property, T value) {
        return Objects.requireNonNull(value, () -> PREFIX + property + " must not be null");
    }

    static int between(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(property, "between " + min + " and " + max, value);
        }
        return value;
    }

    static String notBlank(String property, String value) {
        notNull(property, value);
        if (value.isBlank()) {
            throw invalid(property, "non-blank text", quote(value));
        }
        return value;
    }

    static String atMost(String property, String value, int maxCharacters) {
        if (value.length() > maxCharacters) {
            throw invalid(property, "at most " + maxCharacters + " characters", value.length() + " characters: "
                    + quote(value));
        }
        return value;
    }

    static Duration positive(String property, Duration value) {
        notNull(property, value);
        if (value.isZero() || value.isNegative()) {
            throw invalid(property, "positive", value);
        }
        return value;
    }

    /** Quotes a value, cut to its first 80 characters so that a 1,600-character mistake stays readable. */
    static String quote(String value) {
        return "'" + (value.length() <= SHOWN_CHARACTERS ? value : value.substring(0, SHOWN_CHARACTERS) + "...") + "'";
    }
}
