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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * <p>{@link #consumeAll(List)} takes a broker's batch (a Kafka poll, an SQS receive) in as few transactions as it
 * can: one for the whole batch while every handler succeeds, with the same outcomes, order and isolation as
 * consuming the events one by one.
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
    private static final String FIRST_PARKED_OF_KEYS = "SELECT DISTINCT ON (ordering_key) ordering_key, message_id"
            + " FROM cqrs_inbox_parked WHERE consumer = :consumer AND ordering_key = ANY(:keys) ORDER BY ordering_key, id";
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
     * Consumes a batch of delivered events on the calling thread, in order, with the outcomes {@link #consume}
     * would give one by one, in one transaction while every handler succeeds: the inbox entries, the handlers'
     * effects and the held deliveries of the whole batch commit together, one commit instead of one per event.
     *
     * <p>When a handler throws (or an event does not decode), nothing of that transaction stays: the events before
     * the failing one run again as one batch, the failing one goes through {@link #consume} (retries with backoff,
     * then parking, which holds its key's later events behind it), and the events after it continue as a batch.
     * A handler may therefore run more than once for an event whose transaction rolled back, as with any redelivery;
     * its database effects happen once.
     *
     * @param events the delivered events, in the broker's order, as their envelope reader decoded them
     * @return one outcome per event taken, in order. A list shorter than {@code events} means the event at index
     *         {@code size()} could be neither handled nor parked (the database is down; the cause is logged): the
     *         outcomes before it are final, and it and the events after it must be delivered again
     * @throws IllegalStateException if a transaction is open on the calling thread
     */
    public List<Delivery> consumeAll(List<SerializedEvent> events) {
        Objects.requireNonNull(events, "events must not be null");
        if (transactions.isInTransaction()) {
            throw new IllegalStateException("InboxConsumer " + name() + " must be called outside any transaction:"
                    + " it runs each batch in a transaction of its own and retries it as a whole.");
        }
        List<EventMessage<DomainEvent>> decoded = new ArrayList<>(events.size());
        for (SerializedEvent event : events) {
            decoded.add(decodedOrNull(Objects.requireNonNull(event, "events must not contain null")));
        }
        List<Delivery> outcomes = new ArrayList<>(events.size());
        int from = 0;
        int alone = -1; // the event that failed in a batch: it goes through consume(), retries and parking
        while (from < events.size()) {
            if (from == alone || decoded.get(from) == null) {
                try {
                    outcomes.add(consume(events.get(from)));
                } catch (OutboxException outage) {
                    LOG.warn("Consumer {} stops its batch at message {} ({} of {} taken): {}", name(),
                            events.get(from).messageId(), from, events.size(), outage.getMessage());
                    return outcomes;
                }
                from++;
                continue;
            }
            int end = from + 1;
            while (end < events.size() && end != alone && decoded.get(end) != null) {
                end++;
            }
            int failed = inOneTransaction(events, decoded, from, end, outcomes);
            if (failed < 0) {
                from = end;
            } else {
                alone = failed;
            }
        }
        return outcomes;
    }

    /**
     * Takes events {@code from..end-1} in one transaction and adds their outcomes; returns -1, or the index of the
     * event whose handler (or whose statement) failed, when the transaction rolled back and nothing was added.
     */
    private int inOneTransaction(List<SerializedEvent> events, List<EventMessage<DomainEvent>> decoded, int from,
                                 int end, List<Delivery> outcomes) {
        int[] current = {from};
        try {
            outcomes.addAll(transactions.withHandle(h -> {
                List<SerializedEvent> batch = events.subList(from, end);
                Map<String, UUID> blockers = policy.keepKeyOrder() ? blockers(h, batch) : Map.of();
                List<UUID> toMark = new ArrayList<>(batch.size());
                for (SerializedEvent event : batch) {
                    if (!blockers.containsKey(event.key())) {
                        toMark.add(event.messageId());
                    }
                }
                Set<UUID> fresh = inbox.markHandled(h, toMark);
                List<Delivery> taken = new ArrayList<>(batch.size());
                try {
                    for (int i = from; i < end; i++) {
                        current[0] = i;
                        SerializedEvent event = events.get(i);
                        MDC.put("correlationId", event.metadata().correlationId().toString());
                        UUID blocker = blockers.get(event.key());
                        if (blocker != null) {
                            holdBehind(h, event, blocker);
                            taken.add(Delivery.HELD);
                        } else if (!fresh.remove(event.messageId())) {
                            taken.add(Delivery.DUPLICATE);
                        } else {
                            run(h, decoded.get(i));
                            taken.add(Delivery.HANDLED);
                        }
                    }
                } finally {
                    MDC.remove("correlationId");
                }
                return taken;
            }));
            return -1;
        } catch (RuntimeException failure) {
            LOG.debug("Consumer {} rolled back a batch of {} at message {}: {}", name(), end - from,
                    events.get(current[0]).messageId(), describe(failure));
            return current[0];
        }
    }

    /** The first parked message of each of the batch's keys that has one. */
    private Map<String, UUID> blockers(Handle h, List<SerializedEvent> batch) {
        Set<String> keys = new HashSet<>();
        batch.forEach(event -> keys.add(event.key()));
        Map<String, UUID> blockers = new HashMap<>();
        h.createQuery(FIRST_PARKED_OF_KEYS)
                .bind("consumer", name())
                .bindArray("keys", String.class, keys)
                .map((rs, ctx) -> Map.entry(rs.getString("ordering_key"), rs.getObject("message_id", UUID.class)))
                .forEach(blocker -> blockers.put(blocker.getKey(), blocker.getValue()));
        return blockers;
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
                holdBehind(h, event, blocker.get());
                return Delivery.HELD;
            }
        }
        if (!inbox.markHandled(h, event.messageId())) {
            return Delivery.DUPLICATE;
        }
        run(h, message);
        return Delivery.HANDLED;
    }

    private void run(Handle h, EventMessage<DomainEvent> message) {
        MessageContext.runWith(message.metadata(), () -> handler.handle(message, h));
    }

    private void holdBehind(Handle h, SerializedEvent event, UUID blocker) {
        insertParked(h, event, 0, "held behind parked message " + blocker + " of the same ordering key");
        LOG.warn("Consumer {} holds message {} behind parked message {} of key {}", name(), event.messageId(),
                blocker, event.key());
    }

    private EventMessage<DomainEvent> decodedOrNull(SerializedEvent event) {
        try {
            return codec.decode(event);
        } catch (RuntimeException undecodable) {
            return null; // consume() parks it with the reason
        }
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
