package dev.cqrskit.sample.common.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An EventBridge rule target that hands events to one consumer of the app, exactly once in effect: the event is
 * decoded from the Detail envelope, the consumer runs inside one transaction with its inbox entry (a redelivered
 * event is skipped), and within the event's {@link MessageContext} so the commands it sends keep the correlation id.
 *
 * <p>Delivery is asynchronous, on one thread per consumer, like EventBridge's own delivery to targets; a failing
 * delivery is tried again a few times with a pause, then logged. Threadsafe.
 */
public final class EventBridgeConsumer implements EventTarget, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeConsumer.class);
    private static final int ATTEMPTS = 5;

    private final Inbox inbox;
    private final JdbiTransactionBoundary transactions;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Consumer<DomainEvent> consumer;
    private final ExecutorService executor;

    /**
     * Creates the target.
     *
     * @param name         the consumer's name, its inbox key
     * @param transactions opens the consumer's transaction
     * @param outbox       decodes events by their stable type name
     * @param mapper       reads the envelope
     * @param consumer     the effect
     */
    public EventBridgeConsumer(String name, JdbiTransactionBoundary transactions, Outbox outbox, ObjectMapper mapper,
                               Consumer<DomainEvent> consumer) {
        this.inbox = new Inbox(name);
        this.transactions = transactions;
        this.outbox = outbox;
        this.mapper = mapper;
        this.consumer = consumer;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eventbridge-target-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void deliver(EmulatedEvent event) {
        executor.execute(() -> deliverWithRetries(event));
    }

    private void deliverWithRetries(EmulatedEvent event) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                handle(event);
                return;
            } catch (RuntimeException failure) {
                if (attempt == ATTEMPTS) {
                    LOG.error("Consumer {} gave up on EventBridge event {} ({}) after {} attempts", inbox.consumer(),
                            event.id(), event.detailType(), ATTEMPTS, failure);
                    return;
                }
                LOG.warn("Consumer {} failed on event {} (attempt {}): {}", inbox.consumer(), event.id(), attempt,
                        failure.toString());
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Handles one event on the calling thread (the executor calls it; tests may too).
     *
     * @param event the delivered event
     */
    public void handle(EmulatedEvent event) {
        EventMessage<DomainEvent> message = decode(event);
        Metadata metadata = message.metadata();
        MDC.put("correlationId", metadata.correlationId().toString());
        try {
            transactions.inTransaction(() -> inbox.handleOnce(transactions.currentHandle().orElseThrow(),
                    metadata.messageId(),
                    handle -> MessageContext.runWith(metadata, () -> consumer.accept(message.event()))));
        } finally {
            MDC.remove("correlationId");
        }
    }

    private EventMessage<DomainEvent> decode(EmulatedEvent event) {
        try {
            JsonNode detail = mapper.readTree(event.detail());
            JsonNode meta = detail.path("metadata");
            Metadata.Builder metadata = Metadata.builder()
                    .messageId(UUID.fromString(meta.path("messageId").asText()))
                    .correlationId(UUID.fromString(meta.path("correlationId").asText()))
                    .occurredAt(Instant.parse(meta.path("occurredAt").asText()));
            if (meta.hasNonNull("causationId")) {
                metadata.causationId(UUID.fromString(meta.get("causationId").asText()));
            }
            if (meta.hasNonNull("tenant")) {
                metadata.tenant(meta.get("tenant").asText());
            }
            String type = meta.path("type").asText(event.detailType());
            return outbox.codec().decode(new SerializedEvent(type, event.source(), detail.path("data").toString(),
                    metadata.build()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException
                 | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("EventBridge event " + event.id() + " has no readable cqrs-kit"
                    + " envelope in its Detail: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
