package dev.cqrskit.outbox.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message the relay gave up on, with the reason, so an operator can fix the cause and retry or discard it.
 *
 * @param messageId     the message's id
 * @param orderingKey   its key; later messages of this key wait behind it
 * @param eventType     its stable type name
 * @param correlationId the conversation it belongs to, to find related logs
 * @param attempts      how many times publishing failed
 * @param lastError     the last failure's reason, as the publisher reported it
 * @param occurredAt    when the event happened
 * @param parkedAt      when it was parked
 * @since 0.1.0
 */
public record ParkedMessage(UUID messageId, String orderingKey, String eventType, UUID correlationId, int attempts,
                            String lastError, Instant occurredAt, Instant parkedAt) {

    /** Validates the parts. */
    public ParkedMessage {
        Objects.requireNonNull(messageId, "messageId must not be null");
        Objects.requireNonNull(orderingKey, "orderingKey must not be null");
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(correlationId, "correlationId must not be null");
        Objects.requireNonNull(lastError, "lastError must not be null");
        Objects.requireNonNull(occurredAt, "occurredAt must not be null");
        Objects.requireNonNull(parkedAt, "parkedAt must not be null");
    }
}
