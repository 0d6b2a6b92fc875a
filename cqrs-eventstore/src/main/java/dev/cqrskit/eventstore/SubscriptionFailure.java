package dev.cqrskit.eventstore;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a subscription stopped: the event its handler kept failing on and the last error.
 *
 * @param position  the event's position
 * @param eventType the event's stored type name
 * @param error     the last error, bounded to 2,000 characters
 * @param failedAt  when the subscription was marked failed
 * @since 0.1.0
 */
public record SubscriptionFailure(long position, String eventType, String error, Instant failedAt) {

    /** Validates the parts. */
    public SubscriptionFailure {
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(error, "error must not be null");
        Objects.requireNonNull(failedAt, "failedAt must not be null");
    }
}
