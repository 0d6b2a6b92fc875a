package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.OutboxOperations;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.util.function.SingletonSupplier;

/**
 * The outbox's counts for health and gauges, read from the database at most once per {@link #MAX_AGE} however many
 * gauges and health probes ask: the one place this module calls {@link OutboxOperations#counts(Duration)}, whose
 * cache serves every caller within that age. Threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxStatistics {

    /** How long one read of the counts is reused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<OutboxOperations> operations;

    /**
     * Creates statistics over an outbox.
     *
     * @param operations the outbox's operations API, not null
     */
    public OutboxStatistics(OutboxOperations operations) {
        this(SingletonSupplier.of(Objects.requireNonNull(operations, "operations must not be null")));
    }

    /** Creates statistics over operations looked up on the first read, as the auto-configuration does. */
    OutboxStatistics(Supplier<OutboxOperations> operations) {
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
    }

    /**
     * Returns the pending and parked counts, at most {@link #MAX_AGE} old.
     *
     * @return the counts
     * @throws dev.cqrskit.outbox.OutboxException when the database cannot be read
     */
    public OutboxCounts counts() {
        return operations.get().counts(MAX_AGE);
    }
}
