package dev.cqrskit.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so times in events and metadata are predictable.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at("2026-01-01T10:00:00Z");
 * clock.advance(Duration.ofMinutes(5));
 * assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
 * }</pre>
 *
 * <p>This class is threadsafe: every copy made by {@link #withZone(ZoneId)} shares the same current instant.
 *
 * @since 0.1.0
 */
public final class TestClock extends Clock {

    /** The instant {@link #fixed()} starts at: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at {@link #DEFAULT_START}, in UTC.
     *
     * @return a new clock
     */
    public static TestClock fixed() {
        return at(DEFAULT_START);
    }

    /**
     * Returns a clock standing at an instant, in UTC.
     *
     * @param instant where it stands
     * @return a new clock
     */
    public static TestClock at(Instant instant) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant must not be null")),
                ZoneOffset.UTC);
    }

    /**
     * Returns a clock standing at an ISO-8601 instant such as {@code "2026-01-01T10:00:00Z"}, in UTC.
     *
     * @param instant where it stands
     * @return a new clock
     * @throws java.time.format.DateTimeParseException if the text is not an instant
     */
    public static TestClock at(String instant) {
        return at(Instant.parse(Objects.requireNonNull(instant, "instant must not be null")));
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far; must not be negative
     * @return the new current instant
     * @throws IllegalArgumentException if {@code amount} is negative: time in a test only moves forward
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, but was " + amount
                    + "; use set(instant) to put the clock anywhere");
        }
        return now.updateAndGet(current -> current.plus(amount));
    }

    /**
     * Puts the clock at an instant, earlier or later.
     *
     * @param instant where it stands from now on
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public TestClock withZone(ZoneId zone) {
        return new TestClock(now, Objects.requireNonNull(zone, "zone must not be null"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
