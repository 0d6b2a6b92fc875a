package dev.cqrskit.core.domain;

import java.util.regex.Pattern;

/**
 * Checks for the compact constructors of value objects; each failure is an {@link InvalidValueException} naming the
 * field, the rule and the value.
 *
 * <pre>{@code
 * record DisplayName(String value) {
 *     DisplayName {
 *         value = Require.notBlank("displayName", value).strip();
 *         Require.maxLength("displayName", value, 80);
 *     }
 * }
 * }</pre>
 *
 * <p>Stateless and threadsafe.
 *
 * @since 0.1.0
 */
public final class Require {

    private static final int QUOTE_LIMIT = 40;

    private Require() {
    }

    /**
     * Requires a value to be present.
     *
     * @param field the value's name
     * @param value the value
     * @param <T>   its type
     * @return the value
     * @throws InvalidValueException if it is null
     */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }

    /**
     * Requires text with at least one non-space character.
     *
     * @param field the value's name
     * @param value the value
     * @return the value
     * @throws InvalidValueException if it is null or blank
     */
    public static String notBlank(String field, String value) {
        present(field, value);
        if (value.isBlank()) {
            throw new InvalidValueException(field, field + " must not be blank");
        }
        return value;
    }

    /**
     * Requires text of at most {@code max} characters (Unicode code points).
     *
     * @param field the value's name
     * @param value the value
     * @param max   the largest length allowed
     * @return the value
     * @throws InvalidValueException if it is longer
     */
    public static String maxLength(String field, String value, int max) {
        present(field, value);
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw new InvalidValueException(field,
                    field + " must be at most " + max + " characters long, but has " + length);
        }
        return value;
    }

    /**
     * Requires text of at least {@code min} characters (Unicode code points).
     *
     * @param field the value's name
     * @param value the value
     * @param min   the smallest length allowed
     * @return the value
     * @throws InvalidValueException if it is shorter
     */
    public static String minLength(String field, String value, int min) {
        present(field, value);
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw new InvalidValueException(field,
                    field + " must be at least " + min + " characters long, but has " + length);
        }
        return value;
    }

    /**
     * Requires text that matches a pattern as a whole.
     *
     * @param field       the value's name
     * @param value       the value
     * @param pattern     the pattern
     * @param description what the pattern means, for the message ("an email address")
     * @return the value
     * @throws InvalidValueException if it does not match
     */
    public static String matches(String field, String value, Pattern pattern, String description) {
        present(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidValueException(field, field + " must be " + description + ", but was " + quote(value));
        }
        return value;
    }

    /**
     * Requires a number within bounds.
     *
     * @param field the value's name
     * @param value the value
     * @param min   the smallest value allowed
     * @param max   the largest value allowed
     * @return the value
     * @throws InvalidValueException if it is outside
     */
    public static long between(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidValueException(field,
                    field + " must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    private static String quote(String value) {
        String shown = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "..." : value;
        return "'" + shown + "'";
    }
}
