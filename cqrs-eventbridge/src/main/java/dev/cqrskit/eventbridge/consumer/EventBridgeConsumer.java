package dev.cqrskit.eventbridge.consumer;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.eventbridge.EnvelopeFormatException;
import dev.cqrskit.eventbridge.EventBridgeEnvelope;
import dev.cqrskit.outbox.OutboxException;
import dev.cqrskit.outbox.inbox.Delivery;
import dev.cqrskit.outbox.inbox.InboxConsumer;

import java.io.InputStream;
import java.util.Objects;

/**
 * Consumes EventBridge events exactly once in effect: reads the event with {@link EventBridgeEnvelope} and hands it
 * to an {@link InboxConsumer}, which decodes it with the codec, records it in the consumer's inbox and runs the
 * handler within the event's {@code MessageContext}, all in one transaction, and parks a delivery whose handler
 * keeps failing instead of dropping it.
 *
 * <p>As an AWS Lambda function that is the target of a rule (the function's handler passes its input on):
 * <pre>{@code
 * public final class WelcomeMailFunction implements RequestStreamHandler {
 *     private static final EventBridgeConsumer CONSUMER = new EventBridgeConsumer(new InboxConsumer(
 *             "notification.welcome-mail", transactions, codec, welcomeMail, ConsumerPolicy.defaults()));
 *
 *     public void handleRequest(InputStream input, OutputStream output, Context context) {
 *         CONSUMER.handle(input, System.getProperty("com.amazonaws.xray.traceHeader"));
 *     }
 * }
 * }</pre>
 * In-process, as a rule target of the local emulator, wrap it in an {@link EmulatorTarget}.
 *
 * <p>Every {@link Delivery} returned is final: return normally so that EventBridge counts the delivery done. A
 * method throws only when the delivery must come again: {@link OutboxException} when the delivery could be neither
 * handled nor parked (the database is down; AWS retries the invocation), {@link EnvelopeFormatException} when the
 * event carries no cqrs-kit envelope (it has no message id, so no inbox can hold it; give the target a dead-letter
 * queue). This class is threadsafe; deliveries of one key should not be handled concurrently if their order
 * matters.
 *
 * @since 0.1.0
 */
public final class EventBridgeConsumer {

    private final InboxConsumer consumer;

    /**
     * Creates the consumer.
     *
     * @param consumer the inbox consumer that runs the handler; its name scopes the inbox and the parked deliveries
     */
    public EventBridgeConsumer(InboxConsumer consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer must not be null");
    }

    /** @return the inbox consumer's name, under which its parked deliveries are listed by {@code InboxOperations} */
    public String name() {
        return consumer.name();
    }

    /**
     * Handles one EventBridge event, given as the JSON that EventBridge delivers to targets.
     *
     * @param eventJson the event's JSON
     * @return what became of it; every outcome is final
     * @throws EnvelopeFormatException if the event carries no cqrs-kit envelope
     * @throws OutboxException         if it could be neither handled nor parked: it must be delivered again
     * @throws IllegalStateException   if a transaction is open on the calling thread
     */
    public Delivery handle(String eventJson) {
        return handle(eventJson, null);
    }

    /**
     * Handles one EventBridge event with the X-Ray trace header delivered beside it, which becomes the
     * {@code traceparent} header of the handler's {@code MessageContext}.
     *
     * @param eventJson   the event's JSON
     * @param traceHeader the X-Ray trace header, or {@code null}
     * @return what became of it; every outcome is final
     * @throws EnvelopeFormatException if the event carries no cqrs-kit envelope
     * @throws OutboxException         if it could be neither handled nor parked: it must be delivered again
     * @throws IllegalStateException   if a transaction is open on the calling thread
     */
    public Delivery handle(String eventJson, String traceHeader) {
        return consumer.consume(EventBridgeEnvelope.read(eventJson, traceHeader));
    }

    /**
     * Handles one EventBridge event read from a stream, such as a Lambda function's input; the stream is read to
     * its end and not closed.
     *
     * @param eventJson the event's JSON, UTF-8
     * @return what became of it; every outcome is final
     * @throws EnvelopeFormatException if the event carries no cqrs-kit envelope
     * @throws OutboxException         if it could be neither handled nor parked: it must be delivered again
     */
    public Delivery handle(InputStream eventJson) {
        return handle(eventJson, null);
    }

    /**
     * Handles one EventBridge event read from a stream, with the X-Ray trace header delivered beside it.
     *
     * @param eventJson   the event's JSON, UTF-8
     * @param traceHeader the X-Ray trace header, or {@code null}
     * @return what became of it; every outcome is final
     * @throws EnvelopeFormatException if the event carries no cqrs-kit envelope
     * @throws OutboxException         if it could be neither handled nor parked: it must be delivered again
     */
    public Delivery handle(InputStream eventJson, String traceHeader) {
        return consumer.consume(EventBridgeEnvelope.read(eventJson, traceHeader));
    }

    /**
     * Handles an event already read from its envelope.
     *
     * @param event the event
     * @return what became of it; every outcome is final
     * @throws OutboxException if it could be neither handled nor parked: it must be delivered again
     */
    public Delivery handle(SerializedEvent event) {
        return consumer.consume(Objects.requireNonNull(event, "event must not be null"));
    }

    @Override
    public String toString() {
        return "EventBridgeConsumer[" + name() + "]";
    }
}
