package dev.cqrskit.core;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes message ids; a port so tests can make them predictable.
 *
 * <p>Implementations are threadsafe and never return {@code null}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface IdGenerator {

    /**
     * Returns a new id, different from every id this generator returned before.
     *
     * @return a new id
     */
    UUID nextId();

    /**
     * Returns a generator of time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds from the clock,
     * then 74 random bits from {@link ThreadLocalRandom}.
     *
     * <p>Time order keeps database indexes on message ids compact. The random bits are not cryptographically strong,
     * which is what makes this about ten times cheaper than {@link UUID#randomUUID()}: use these ids to identify
     * messages, never as secrets.
     *
     * @param clock the clock that supplies the milliseconds
     * @return a threadsafe generator
     */
    static IdGenerator timeOrdered(Clock clock) {
        Objects.requireNonNull(clock, "clock must not be null");
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long millis = clock.millis();
            long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
            long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(high, low);
        };
    }

    /**
     * Returns a generator of random UUIDs (version 4) from {@link UUID#randomUUID()}.
     *
     * @return a threadsafe generator
     */
    static IdGenerator random() {
        return UUID::randomUUID;
    }
}
