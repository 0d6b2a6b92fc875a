package dev.cqrskit.outbox.inbox;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.OutboxException;
import dev.cqrskit.outbox.internal.Texts;
import dev.cqrskit.outbox.jdbi.HandleSource;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The consumer side of the outbox, for any broker: decodes a delivered event with the {@link EventCodec}, records
 * it in the consumer's {@link Inbox} and runs the {@link MessageHandler} within the event's {@link MessageContext},
 * all in one transaction, so its effects happen once however often the broker delivers it.
 *
 * <pre>{@code
 * InboxConsumer mailer = new InboxConsumer("notification.verification-mail", transactions, codec,
 *         (message, handle) -> mails.send(message.event()), ConsumerPolicy.defaults());
 * Delivery outcome = mailer.consume(serializedEvent);   // then acknowledge the delivery
 * }</pre>
 *
 * <p>A handler that throws is tried again, in a fresh transaction each time, with the policy's backoff; a
 * concurrency conflict raised inside is retried the same way, as a whole unit. When the attempts run out, or the
 * event does not decode, the delivery is <em>parked</em> in {@code cqrs_inbox_parked} instead of dropped: it is
 * listed by {@link InboxOperations} and replayed by {@link #retryParked()} after a fix. With
 * {@link ConsumerPolicy#keepKeyOrder()} later deliveries of a parked delivery's ordering key are held (parked behind
 * it, in order) so the key's order survives; other keys flow. Every {@link Delivery} outcome is final for the broker;
 * {@code consume} throws only when even parking failed (the database is down), and then the broker must deliver
 * again.
 *
 * <p>Call it outside any transaction: it owns the transactions it runs. This class is threadsafe; deliveries of one
 * key must not be consumed concurrently if their order matters.
 *
 * @since 0.1.0
 */
public final class InboxConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);
    private static final int REASON_CHARS = 2_000;

    private static final String FIRST_PARKED_OF_KEY = "SELECT message_id FROM cqrs_inbox_parked"
            + " WHERE consumer = :consumer AND ordering_key = :key ORDER BY id LIMIT 1";
    private static final String PARK = "INSERT INTO cqrs_inbox_parked (consumer, message_id, ordering_key,"
            + " event_type, payload, correlation_id, causation_id, tenant, principal, headers, occurred_at, attempts,"
            + " reason) VALUES (:consumer, :id, :key, :type, :payload, :correlation, CAST(:causation AS uuid), :tenant,"
            + " :principal, :headers, :occurred, :attempts, :reason) ON CONFLICT (consumer, message_id) DO NOTHING";
    private static final String PARKED_ROWS = "SELECT message_id, ordering_key, event_type, payload, correlation_id,"
            + " causation_id, tenant, principal, headers, occurred_at FROM cqrs_inbox_parked"
            + " WHERE consumer = :consumer ORDER BY id";

    private final Inbox inbox;
    private final HandleSource transactions;
    private final EventCodec codec;
    private final MessageHandler handler;
    private final ConsumerPolicy policy;

    /**
     * Creates a consumer.
     *
     * @param name         a stable consumer name, 1..200 characters: its inbox and parking scope
     * @param transactions opens the consumer's transactions
     * @param codec        decodes delivered events
     * @param handler      the consumer's effect
     * @param policy       attempts, backoff and key order
     */
    public InboxConsumer(String name, HandleSource transactions, EventCodec codec, MessageHandler handler,
                         ConsumerPolicy policy) {
        this.inbox = new Inbox(name);
        this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.handler = Objects.requireNonNull(handler, "handler must not be null");
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
    }

    /** @return the consumer's name */
    public String name() {
        return inbox.consumer();
    }

    /**
     * Consumes one delivered event on the calling thread.
     *
     * @param event the delivered event, as its envelope reader decoded it
     * @return what became of it; acknowledge the delivery for every outcome
     * @throws IllegalStateException if a transaction is open on the calling thread
     * @throws OutboxException       if the delivery could be neither handled nor parked: deliver it again
     */
    public Delivery consume(SerializedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (transactions.isInTransaction()) {
            throw new IllegalStateException("InboxConsumer " + name() + " must be called outside any transaction:"
                    + " it runs each attempt in a transaction of its own and retries it as a whole.");
        }
        MDC.put("correlationId", event.metadata().correlationId().toString());
        try {
            EventMessage<DomainEvent> message;
            try {
                message = codec.decode(event);
            } catch (RuntimeException undecodable) {
                return park(event, 0, "undecodable: " + undecodable.getMessage());
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return transactions.withHandle(h -> attempt(h, event, message));
                } catch (RuntimeException failure) {
                    if (attempt >= policy.maxAttempts()) {
                        return park(event, attempt, describe(failure));
                    }
                    LOG.warn("Consumer {} failed on message {} ({}), attempt {} of {}: {}", name(),
                            event.messageId(), event.type(), attempt, policy.maxAttempts(), describe(failure));
                    pause(policy.backoff().delay(attempt), event);
                }
            }
        } finally {
            MDC.remove("correlationId");
        }
    }

    /**
     * Replays this consumer's parked deliveries in the order they were parked, each once, in a transaction of its
     * own; a delivery that fails again stays parked (its attempts and reason updated) and keeps the later ones of
     * its key parked behind it.
     *
     * @return how many deliveries were handled (or found handled before) and removed from parking
     * @throws IllegalStateException if a transaction is open on the calling thread
     */
    public int retryParked() {
        if (transactions.isInTransaction()) {
            throw new IllegalStateException("InboxConsumer.retryParked must be called outside any transaction.");
        }
        List<SerializedEvent> parked = transactions.withHandle(h -> h.createQuery(PARKED_ROWS)
                .bind("consumer", name())
                .map((rs, ctx) -> new SerializedEvent(rs.getString("event_type"), rs.getString("ordering_key"),
                        rs.getString("payload"), EventCodec.readMetadata(rs)))
                .list());
        Set<String> stillHeld = new HashSet<>();
        int handled = 0;
        for (SerializedEvent event : parked) {
            if (stillHeld.contains(event.key())) {
                continue;
            }
            try {
                transactions.withHandle(h -> {
                    h.createUpdate("DELETE FROM cqrs_inbox_parked WHERE consumer = :consumer AND message_id = :id")
                            .bind("consumer", name()).bind("id", event.messageId()).execute();
                    if (inbox.markHandled(h, event.messageId())) {
                        EventMessage<DomainEvent> message = codec.decode(event);
                        MessageContext.runWith(message.metadata(), () -> handler.handle(message, h));
                    }
                    return null;
                });
                handled++;
            } catch (RuntimeException failure) {
                stillHeld.add(event.key());
                LOG.warn("Consumer {} failed again on parked message {}: {}", name(), event.messageId(),
                        describe(failure));
                transactions.withHandle(h -> h.createUpdate("UPDATE cqrs_inbox_parked SET attempts = attempts + 1,"
                                + " reason = :reason WHERE consumer = :consumer AND message_id = :id")
                        .bind("reason", Texts.storable(describe(failure), REASON_CHARS))
                        .bind("consumer", name()).bind("id", event.messageId()).execute());
            }
        }
        return handled;
    }

    private Delivery attempt(Handle h, SerializedEvent event, EventMessage<DomainEvent> message) {
        if (policy.keepKeyOrder()) {
            Optional<UUID> blocker = h.createQuery(FIRST_PARKED_OF_KEY)
                    .bind("consumer", name()).bind("key", event.key())
                    .mapTo(UUID.class).findOne();
            if (blocker.isPresent()) {
                insertParked(h, event, 0, "held behind parked message " + blocker.get()
                        + " of the same ordering key");
                LOG.warn("Consumer {} holds message {} behind parked message {} of key {}", name(),
                        event.messageId(), blocker.get(), event.key());
                return Delivery.HELD;
            }
        }
        if (!inbox.markHandled(h, event.messageId())) {
            return Delivery.DUPLICATE;
        }
        MessageContext.runWith(message.metadata(), () -> handler.handle(message, h));
        return Delivery.HANDLED;
    }

    private Delivery park(SerializedEvent event, int attempts, String reason) {
        try {
            transactions.withHandle(h -> {
                insertParked(h, event, attempts, reason);
                return null;
            });
        } catch (RuntimeException failure) {
            throw new OutboxException("Consumer " + name() + " could neither handle nor park message "
                    + event.messageId() + " (" + reason + "): " + failure.getMessage()
                    + ". The broker must deliver it again.", failure, event.messageId(), event.key(), event.type());
        }
        LOG.error("Consumer {} parked message {} ({}, key {}) after {} attempt(s): {}. List it with"
                        + " InboxOperations.parked, fix the cause, then call retryParked().", name(),
                event.messageId(), event.type(), event.key(), attempts, reason);
        return Delivery.PARKED;
    }

    private void insertParked(Handle h, SerializedEvent event, int attempts, String reason) {
        Metadata metadata = event.metadata();
        h.createUpdate(PARK)
                .bind("consumer", name())
                .bind("id", metadata.messageId())
                .bind("key", Texts.storable(event.key(), 500))
                .bind("type", Texts.storable(event.type(), 500))
                .bind("payload", Texts.storable(event.payload(), Integer.MAX_VALUE))
                .bind("correlation", metadata.correlationId())
                .bind("causation", metadata.causationId().map(UUID::toString).orElse(null))
                .bind("tenant", metadata.tenant().map(t -> Texts.storable(t, 500)).orElse(null))
                .bind("principal", metadata.principal().map(p -> Texts.storable(p, 500)).orElse(null))
                .bind("headers", Texts.storable(EventCodec.encodeHeaders(metadata.headers()), Integer.MAX_VALUE))
                .bind("occurred", OffsetDateTime.ofInstant(metadata.occurredAt(), ZoneOffset.UTC))
                .bind("attempts", attempts)
                .bind("reason", Texts.storable(reason, REASON_CHARS))
                .execute();
    }

    private void pause(Duration pause, SerializedEvent event) {
        try {
            TimeUnit.NANOSECONDS.sleep(pause.toNanos());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new OutboxException("Consumer " + name() + " was interrupted while retrying message "
                    + event.messageId() + "; the broker must deliver it again.", interrupted, event.messageId(),
                    event.key(), event.type());
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
