package dev.cqrskit.eventstore;

/**
 * What an append expects of its stream: anything, no stream yet, or exactly one version (the number of events the
 * stream holds).
 *
 * <pre>{@code
 * store.append("User:42", ExpectedVersion.noStream(), events);
 * store.append("User:42", ExpectedVersion.exactly(3), events);
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param value the expected version, {@code 0} for no stream, {@code -1} for any
 * @since 0.1.0
 */
public record ExpectedVersion(long value) {

    private static final long ANY = -1;

    /**
     * Validates the value.
     *
     * @throws IllegalArgumentException if it is below -1
     */
    public ExpectedVersion {
        if (value < ANY) {
            throw new IllegalArgumentException("expected version must be -1 (any), 0 (no stream) or a stream version"
                    + " >= 1, but was " + value);
        }
    }

    /** @return an expectation any stream state meets */
    public static ExpectedVersion any() {
        return new ExpectedVersion(ANY);
    }

    /** @return the expectation that the stream does not exist yet */
    public static ExpectedVersion noStream() {
        return new ExpectedVersion(0);
    }

    /**
     * Returns the expectation that the stream is at one version.
     *
     * @param version the number of events the stream holds; {@code 0} means no stream
     * @return the expectation
     */
    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, but was " + version);
        }
        return new ExpectedVersion(version);
    }

    /** @return whether any stream state meets this expectation */
    public boolean isAny() {
        return value == ANY;
    }

    @Override
    public String toString() {
        return value == ANY ? "any" : value == 0 ? "no stream" : "version " + value;
    }
}
