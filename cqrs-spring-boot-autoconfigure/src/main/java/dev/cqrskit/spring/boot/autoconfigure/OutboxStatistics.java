package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.OutboxOperations;
import java.time.Duration;
import java.util.Objects;

/**
 * The outbox's counts for health and gauges, read from the database at most once per {@link #MAX_AGE} however many
 * gauges and health probes ask. The one place this module calls {@link OutboxOperations#counts()}. Threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxStatistics {

    /** How long one read of the counts is reused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final OutboxOperations operations;
    private volatile Snapshot last;

    private record Snapshot(OutboxCounts counts, long readAtNanos) {
    }

    /**
     * Creates statistics over an outbox.
     *
     * @param operations the outbox's operations API, not null
     */
    public OutboxStatistics(OutboxOperations operations) {
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
    }

    /**
     * Returns the pending and parked counts, at most {@link #MAX_AGE} old.
     *
     * @return the counts
     * @throws dev.cqrskit.outbox.OutboxException when the database cannot be read
     */
    public OutboxCounts counts() {
        Snapshot snapshot = last;
        long now = System.nanoTime();
        if (snapshot == null || now - snapshot.readAtNanos() > MAX_AGE.toNanos()) {
            snapshot = new Snapshot(operations.counts(), now);
            last = snapshot;
        }
        return snapshot.counts();
    }
}
