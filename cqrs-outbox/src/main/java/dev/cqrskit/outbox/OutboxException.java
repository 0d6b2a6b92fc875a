package dev.cqrskit.outbox;

import java.util.Optional;
import java.util.UUID;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when the outbox, the relay or the inbox cannot do its work: the database refused a statement, an event
 * could not be serialized, an event type is not registered. The message says what happened and how to fix it.
 *
 * @since 0.1.0
 */
public final class OutboxException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final UUID messageId;
    private final String orderingKey;
    private final String eventType;

    /**
     * Creates the exception.
     *
     * @param message what happened and how to fix it
     */
    public OutboxException(String message) {
        this(message, null, null, null, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened and how to fix it
     * @param cause   the underlying failure
     */
    public OutboxException(String message, Throwable cause) {
        this(message, cause, null, null, null);
    }

    /**
     * Creates the exception with what is known of the message it concerns.
     *
     * @param message     what happened and how to fix it
     * @param cause       the underlying failure, or {@code null}
     * @param messageId   the message's id, or {@code null}
     * @param orderingKey the message's ordering key, or {@code null}
     * @param eventType   the event's type name, or {@code null}
     */
    public OutboxException(String message, Throwable cause, UUID messageId, String orderingKey, String eventType) {
        super(message, cause);
        this.messageId = messageId;
        this.orderingKey = orderingKey;
        this.eventType = eventType;
    }

    /** @return the id of the message concerned, when known */
    public Optional<UUID> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** @return the ordering key concerned, when known */
    public Optional<String> orderingKey() {
        return Optional.ofNullable(orderingKey);
    }

    /** @return the event type name concerned, when known */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }
}
