package dev.cqrskit.eventbridge;

/**
 * Thrown when an EventBridge event does not carry the envelope {@link EventBridgePublisher} writes: the JSON is not
 * an EventBridge event, or its {@code detail} lacks {@code metadata}, {@code data} or a message id. The message says
 * what was found instead. Such an event cannot be recorded in an inbox (it has no message id), so a consumer lets it
 * fail to the target's dead-letter queue.
 *
 * @since 0.1.0
 */
public final class EnvelopeFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the envelope
     */
    public EnvelopeFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the envelope
     * @param cause   the parser's failure
     */
    public EnvelopeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
