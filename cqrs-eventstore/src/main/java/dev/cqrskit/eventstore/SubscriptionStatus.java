package dev.cqrskit.eventstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a subscription is doing, read from the database, so any node (or an operator's tool) sees the same answer.
 *
 * @param id           the subscription's id
 * @param state        its stored state
 * @param active       whether a runner holds its lock right now, on any node
 * @param owner        the node that last wrote its checkpoint
 * @param lag          committed events it has not handled yet (or passed over)
 * @param handledCount events it has handled or passed over since it was created or reset
 * @param failure      why it stopped, when {@code state} is {@link SubscriptionState#FAILED}
 * @param updatedAt    when its row was last written
 * @since 0.1.0
 */
public record SubscriptionStatus(String id, SubscriptionState state, boolean active, String owner, long lag,
                                 long handledCount, Optional<SubscriptionFailure> failure, Instant updatedAt) {

    /** Validates the parts. */
    public SubscriptionStatus {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(failure, "failure must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    }
}
