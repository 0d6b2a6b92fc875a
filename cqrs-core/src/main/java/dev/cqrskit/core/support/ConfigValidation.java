package dev.cqrskit.core.support;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks configuration values and fails in one message dialect that names the property path, so the same message
 * serves a builder, a properties file and a Spring {@code @ConfigurationProperties} class alike:
 * <pre>{@code
 * ConfigValidation.between("cqrs.outbox.relay.batch-size", batchSize, 1, 10_000);
 * // cqrs.outbox.relay.batch-size must be between 1 and 10000, but was 0
 * }</pre>
 *
 * <p>Every check returns the value it accepted and throws {@link IllegalArgumentException} (a
 * {@link NullPointerException} for a missing value) otherwise: bad configuration is misuse, reported by the JDK's
 * exceptions. This class is threadsafe: it has no state.
 *
 * @since 0.1.0
 */
public final class ConfigValidation {

    private ConfigValidation() {
    }

    /**
     * Requires a value to be present.
     *
     * @param property the property path, e.g. {@code cqrs.outbox.relay.poll-interval}
     * @param value    the value
     * @param <T>      its type
     * @return the value
     * @throws NullPointerException if it is null
     */
    public static <T> T notNull(String property, T value) {
        if (value == null) {
            throw new NullPointerException(property + " must not be null");
        }
        return value;
    }

    /**
     * Requires an integer within a closed range.
     *
     * @param property the property path
     * @param value    the value
     * @param min      the smallest allowed
     * @param max      the largest allowed
     * @return the value
     */
    public static int between(String property, int value, int min, int max) {
        return (int) between(property, (long) value, min, max);
    }

    /**
     * Requires a long within a closed range.
     *
     * @param property the property path
     * @param value    the value
     * @param min      the smallest allowed
     * @param max      the largest allowed
     * @return the value
     */
    public static long between(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(property, "be between " + min + " and " + max, value);
        }
        return value;
    }

    /**
     * Requires a number within a closed range; NaN is outside every range.
     *
     * @param property the property path
     * @param value    the value
     * @param min      the smallest allowed
     * @param max      the largest allowed
     * @return the value
     */
    public static double between(String property, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw invalid(property, "be between " + min + " and " + max, value);
        }
        return value;
    }

    /**
     * Requires a duration within a closed range.
     *
     * @param property the property path
     * @param value    the value
     * @param min      the shortest allowed
     * @param max      the longest allowed
     * @return the value
     */
    public static Duration between(String property, Duration value, Duration min, Duration max) {
        notNull(property, value);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(property, "be between " + min + " and " + max, value);
        }
        return value;
    }

    /**
     * Requires text with at least one non-blank character.
     *
     * @param property the property path
     * @param value    the value
     * @return the value
     */
    public static String notBlank(String property, String value) {
        notNull(property, value);
        if (value.isBlank()) {
            throw invalid(property, "not be blank", "'" + value + "'");
        }
        return value;
    }

    /**
     * Requires text to match a pattern in full.
     *
     * @param property    the property path
     * @param value       the value
     * @param pattern     the pattern
     * @param description what the pattern means, for the message, e.g. {@code "letters, digits, '.', '-' or '_'"}
     * @return the value
     */
    public static String matches(String property, String value, Pattern pattern, String description) {
        notNull(property, value);
        if (!pattern.matcher(value).matches()) {
            throw invalid(property, "consist of " + description, "'" + value + "'");
        }
        return value;
    }

    /**
     * Requires a condition that the other checks do not cover.
     *
     * @param condition whether the value is acceptable
     * @param property  the property path
     * @param rule      what the value must do, completing "must ...", e.g. {@code "not exceed cqrs.x.max (10)"}
     * @param value     the value, for the message
     */
    public static void require(boolean condition, String property, String rule, Object value) {
        if (!condition) {
            throw invalid(property, rule, value);
        }
    }

    private static IllegalArgumentException invalid(String property, String rule, Object value) {
        Objects.requireNonNull(property, "property must not be null");
        return new IllegalArgumentException(property + " must " + rule + ", but was " + value);
    }
}
