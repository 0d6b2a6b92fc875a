package dev.cqrskit.eventbridge;

import dev.cqrskit.core.support.ConfigValidation;

import java.time.Duration;

/**
 * This module's property paths on top of core's {@link ConfigValidation}, which owns the message dialect
 * ({@code cqrs.eventbridge.<property> must be <expectation>, but was <value>}). It adds the {@code cqrs.eventbridge.}
 * prefix and cuts long values in messages, so that a 1,600-character mistake stays readable. Stateless.
 */
final class Settings {

    static final String PREFIX = "cqrs.eventbridge.";
    private static final int SHOWN_CHARACTERS = 80;

    private Settings() {
    }

    /** Fails with "must be {@code expectation}, but was {@code value}" unless the condition holds. */
    static void require(boolean condition, String property, String expectation, Object value) {
        ConfigValidation.require(condition, PREFIX + property, "be " + expectation, value);
    }

    static <T> T notNull(String property, T value) {
        return ConfigValidation.notNull(PREFIX + property, value);
    }

    static int between(String property, int value, int min, int max) {
        return ConfigValidation.between(PREFIX + property, value, min, max);
    }

    static String notBlank(String property, String value) {
        return ConfigValidation.notBlank(PREFIX + property, value);
    }

    static String atMost(String property, String value, int maxCharacters) {
        require(value.length() <= maxCharacters, property, "at most " + maxCharacters + " characters",
                value.length() + " characters: " + quote(value));
        return value;
    }

    static Duration positive(String property, Duration value) {
        notNull(property, value);
        require(!value.isZero() && !value.isNegative(), property, "positive", value);
        return value;
    }

    /** Quotes a value, cut to its first 80 characters. */
    static String quote(String value) {
        return "'" + (value.length() <= SHOWN_CHARACTERS ? value : value.substring(0, SHOWN_CHARACTERS) + "...") + "'";
    }
}
