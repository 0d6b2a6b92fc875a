package dev.cqrskit.outbox.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How many messages wait in the outbox, for monitoring and alerts.
 *
 * @param pending          messages not yet published and not parked (including those waiting for a retry)
 * @param parked           parked messages, waiting for an operator
 * @param oldestPendingAge how long the oldest pending message has waited since it was appended; zero when none
 * @since 0.1.0
 */
public record OutboxCounts(long pending, long parked, Duration oldestPendingAge) {

    /** Validates the parts. */
    public OutboxCounts {
        Objects.requireNonNull(oldestPendingAge, "oldestPendingAge must not be null");
    }
}
