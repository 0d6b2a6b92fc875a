package dev.cqrskit.outbox.inbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A delivery a consumer parked, as {@link InboxOperations} lists it.
 *
 * @param consumer    the consumer's name
 * @param messageId   the message
 * @param orderingKey its ordering key
 * @param eventType   its stable type name
 * @param attempts    how many times the handler ran on it (0 for a held delivery)
 * @param reason      the handler's last failure, or the delivery it is held behind
 * @param parkedAt    when it was parked
 * @since 0.1.0
 */
public record ParkedDelivery(String consumer, UUID messageId, String orderingKey, String eventType, int attempts,
                             String reason, Instant parkedAt) {

    /** Validates the parts. */
    public ParkedDelivery {
        Objects.requireNonNull(consumer, "consumer must not be null");
        Objects.requireNonNull(messageId, "messageId must not be null");
        Objects.requireNonNull(orderingKey, "orderingKey must not be null");
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        Objects.requireNonNull(parkedAt, "parkedAt must not be null");
    }
}
