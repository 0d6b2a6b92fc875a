package dev.cqrskit.core.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff, the one used by the retry middleware, the outbox relay and the consumers.
 *
 * <p>The delay before retry {@code n} (1 for the first retry) grows from {@code initial} by {@code multiplier}
 * each time up to {@code max}; then a random share of up to {@code jitter} of it is taken off, so that many callers
 * that failed together do not retry together. {@code jitter = 0.5} is "equal jitter": half fixed, half random.
 * <pre>{@code
 * Backoff backoff = Backoff.of(Duration.ofMillis(10), Duration.ofSeconds(1));
 * Duration pause = backoff.delay(attempt);
 * }</pre>
 *
 * <p>This record is immutable and threadsafe.
 *
 * @param initial    the ceiling of the first delay; not negative (property {@code initial-backoff})
 * @param max        the largest ceiling; at least {@code initial} (property {@code max-backoff})
 * @param multiplier the growth per retry; at least 1
 * @param jitter     the largest random share taken off a delay, from 0 to 1
 * @since 0.1.0
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** Validates the values; the property names in messages are {@code backoff.*}. */
    public Backoff {
        check("backoff.", initial, max, multiplier, jitter);
    }

    /**
     * Returns a backoff whose validation messages name the caller's properties, e.g. with the prefix
     * {@code "cqrs.retry."}: {@code cqrs.retry.initial-backoff must not be negative, but was PT-1S}.
     *
     * @param prefix     the property path before {@code initial-backoff}, {@code max-backoff}, ...
     * @param initial    the ceiling of the first delay
     * @param max        the largest ceiling
     * @param multiplier the growth per retry
     * @param jitter     the largest random share taken off a delay
     * @return the backoff
     */
    public static Backoff named(String prefix, Duration initial, Duration max, double multiplier, double jitter) {
        check(prefix, initial, max, multiplier, jitter);
        return new Backoff(initial, max, multiplier, jitter);
    }

    private static void check(String prefix, Duration initial, Duration max, double multiplier, double jitter) {
        ConfigValidation.notNull(prefix + "initial-backoff", initial);
        ConfigValidation.notNull(prefix + "max-backoff", max);
        ConfigValidation.require(!initial.isNegative(), prefix + "initial-backoff", "not be negative", initial);
        ConfigValidation.require(max.compareTo(initial) >= 0, prefix + "max-backoff",
                "not be less than " + prefix + "initial-backoff (" + initial + ")", max);
        ConfigValidation.between(prefix + "multiplier", multiplier, 1.0, 1_000.0);
        ConfigValidation.between(prefix + "jitter", jitter, 0.0, 1.0);
    }

    /**
     * Returns a backoff that doubles with equal jitter.
     *
     * @param initial the ceiling of the first delay
     * @param max     the largest ceiling
     * @return the backoff
     */
    public static Backoff of(Duration initial, Duration max) {
        return new Backoff(initial, max, 2.0, 0.5);
    }

    /**
     * Returns the ceiling of the delay before a retry, without jitter.
     *
     * @param retry 1 for the first retry
     * @return the ceiling
     */
    public Duration ceiling(int retry) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /**
     * Returns the delay before a retry, with jitter.
     *
     * @param retry 1 for the first retry
     * @return the delay, never negative
     */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toNanos();
        long random = (long) (ceiling * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos(ceiling - random);
    }
}
