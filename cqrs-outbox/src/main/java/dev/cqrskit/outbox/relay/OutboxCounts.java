package dev.cqrskit.outbox.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How many messages wait in the outbox, for monitoring and alerts.
 *
 * <pre>{@code
 * OutboxCounts counts = operations.counts(Duration.ofSeconds(5));   // cheap enough to back a gauge
 * }</pre>
 *
 * @param pending          messages not yet published and not parked, including those waiting for a retry and those
 *                         held behind a parked message of their key
 * @param parked           parked messages, waiting for an operator
 * @param heldBehindParked pending messages whose key has a parked message: they wait for an operator, not for the
 *                         relay
 * @param oldestPendingAge how long the oldest pending message that is not held behind a parked one has waited since
 *                         it was appended; zero when none. A parked key therefore does not make this age grow: alert
 *                         on {@code parked > 0} for that
 * @since 0.1.0
 */
public record OutboxCounts(long pending, long parked, long heldBehindParked, Duration oldestPendingAge) {

    /** Validates the parts. */
    public OutboxCounts {
        Objects.requireNonNull(oldestPendingAge, "oldestPendingAge must not be null");
    }
}
