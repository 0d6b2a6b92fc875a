package dev.cqrskit.test;

import dev.cqrskit.core.IdGenerator;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids 1, 2, 3, ... as UUIDs ({@code 00000000-0000-0000-0000-000000000001}), so tests can name the ids their
 * messages will get.
 *
 * <pre>{@code
 * SequentialIdGenerator ids = new SequentialIdGenerator();
 * MetadataFactory metadata = new MetadataFactory(TestClock.fixed(), ids);
 * assertThat(metadata.root().messageId()).isEqualTo(SequentialIdGenerator.id(1));
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class SequentialIdGenerator implements IdGenerator {

    private final AtomicLong last;

    /** Creates a generator whose first id is {@code id(1)}. */
    public SequentialIdGenerator() {
        this(1);
    }

    /**
     * Creates a generator whose first id is {@code id(first)}.
     *
     * @param first the number of the first id; at least 1
     * @throws IllegalArgumentException if {@code first} is less than 1
     */
    public SequentialIdGenerator(long first) {
        if (first < 1) {
            throw new IllegalArgumentException("first must be at least 1, but was " + first);
        }
        this.last = new AtomicLong(first - 1);
    }

    /**
     * Returns the UUID this kind of generator makes as its {@code n}th id.
     *
     * @param n the number
     * @return {@code 00000000-0000-0000-0000-} followed by {@code n} in twelve hex digits
     */
    public static UUID id(long n) {
        return new UUID(0, n);
    }

    @Override
    public UUID nextId() {
        return id(last.incrementAndGet());
    }

    /** @return how many ids this generator has made since it was created */
    public long issued() {
        return last.get();
    }

    @Override
    public String toString() {
        return "SequentialIdGenerator[last=" + last.get() + "]";
    }
}
