package dev.cqrskit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Appends events to the outbox inside the caller's transaction, so they commit or roll back with the state change
 * that produced them; and decodes relayed events back into typed messages.
 *
 * <pre>{@code
 * Outbox outbox = new Outbox(eventTypes, EventSerializer.jackson());
 * jdbi.useTransaction(handle -> {
 *     handle.execute("UPDATE users SET email = ? WHERE id = ?", email, id);
 *     outbox.append(handle, "User:" + id, metadataFactory.stamp(user.uncommittedEvents()));
 * });
 * }</pre>
 *
 * <p>One {@code append} is one multi-row {@code INSERT}, however many events it carries. Events with the same ordering
 * key are relayed in the order they were appended; that order is the order of the rows' ids, so two transactions that
 * append to the same key must not run concurrently. A repository guarantees this by locking the aggregate's row
 * first (as {@link JdbiAggregateRepository} does with its version check).
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class Outbox {

    static final ObjectMapper HEADERS = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {
    };

    private static final String INSERT = "INSERT INTO cqrs_outbox (message_id, ordering_key, event_type, payload,"
            + " correlation_id, causation_id, tenant, principal, headers, occurred_at)"
            + " SELECT m::uuid, :key, t, p::jsonb, c::uuid, ca::uuid, te, pr, h::jsonb, o::timestamptz"
            + " FROM unnest(:ids, :types, :payloads, :correlations, :causations, :tenants, :principals, :headers,"
            + " :occurred) WITH ORDINALITY AS u(m, t, p, c, ca, te, pr, h, o, n) ORDER BY n";

    private final EventTypes types;
    private final EventSerializer serializer;

    /**
     * Creates the outbox writer.
     *
     * @param types      names the event types
     * @param serializer turns events into JSON
     */
    public Outbox(EventTypes types, EventSerializer serializer) {
        this.types = Objects.requireNonNull(types, "types must not be null");
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
    }

    /** @return the event type registry */
    public EventTypes types() {
        return types;
    }

    /**
     * Appends events with one ordering key, in order, with one {@code INSERT}; does nothing for an empty list.
     *
     * @param handle      the caller's handle, inside its transaction
     * @param orderingKey the key that orders these events (aggregate type + id), at most 500 characters
     * @param messages    the events and their metadata, in order
     * @throws OutboxException if an event type is not registered, an event cannot be serialized, or the insert fails
     */
    public void append(Handle handle, String orderingKey, List<? extends EventMessage<?>> messages) {
        Objects.requireNonNull(handle, "handle must not be null");
        Objects.requireNonNull(orderingKey, "orderingKey must not be null");
        Objects.requireNonNull(messages, "messages must not be null");
        if (orderingKey.isEmpty() || orderingKey.length() > 500) {
            throw new IllegalArgumentException("orderingKey must have 1 to 500 characters, but had "
                    + orderingKey.length());
        }
        int size = messages.size();
        if (size == 0) {
            return;
        }
        String[] ids = new String[size];
        String[] typeNames = new String[size];
        String[] payloads = new String[size];
        String[] correlations = new String[size];
        String[] causations = new String[size];
        String[] tenants = new String[size];
        String[] principals = new String[size];
        String[] headers = new String[size];
        String[] occurred = new String[size];
        for (int i = 0; i < size; i++) {
            EventMessage<?> message = messages.get(i);
            DomainEvent event = message.event();
            Metadata metadata = message.metadata();
            ids[i] = metadata.messageId().toString();
            typeNames[i] = types.nameOf(event.getClass());
            payloads[i] = serializer.serialize(event);
            correlations[i] = metadata.correlationId().toString();
            causations[i] = metadata.causationId().map(Object::toString).orElse(null);
            tenants[i] = metadata.tenant().orElse(null);
            principals[i] = metadata.principal().orElse(null);
            headers[i] = writeHeaders(metadata.headers());
            // PostgreSQL keeps microseconds and would round the rest; truncating keeps the stored time predictable.
            occurred[i] = metadata.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
        }
        try {
            handle.createUpdate(INSERT)
                    .bind("key", orderingKey)
                    .bindArray("ids", String.class, (Object[]) ids)
                    .bindArray("types", String.class, (Object[]) typeNames)
                    .bindArray("payloads", String.class, (Object[]) payloads)
                    .bindArray("correlations", String.class, (Object[]) correlations)
                    .bindArray("causations", String.class, (Object[]) causations)
                    .bindArray("tenants", String.class, (Object[]) tenants)
                    .bindArray("principals", String.class, (Object[]) principals)
                    .bindArray("headers", String.class, (Object[]) headers)
                    .bindArray("occurred", String.class, (Object[]) occurred)
                    .execute();
        } catch (JdbiException e) {
            throw new OutboxException("Could not append " + size + " event(s) with key '" + orderingKey
                    + "' to cqrs_outbox: " + e.getMessage() + ". Is the schema installed (OutboxSchema.install)?"
                    + " The transaction must be rolled back.", e);
        }
    }

    /**
     * Decodes a relayed event into its class and metadata, for in-process consumers.
     *
     * @param event a relayed event
     * @return the typed message
     * @throws OutboxException if the type name is not registered or the payload does not decode
     */
    public EventMessage<DomainEvent> decode(SerializedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        Class<? extends DomainEvent> type = types.typeOf(event.type()).orElseThrow(() -> new OutboxException(
                "Event type '" + event.type() + "' of message " + event.messageId() + " is not registered."
                        + " Register its class with EventTypes.builder().add(..., \"" + event.type() + "\")"
                        + " or .alias(\"" + event.type() + "\", ...)."));
        return new EventMessage<>(serializer.deserialize(event.payload(), type), event.metadata());
    }

    static String writeHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "{}";
        }
        try {
            return HEADERS.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new OutboxException("Could not write metadata headers " + headers + " as JSON", e);
        }
    }

    static Map<String, String> readHeaders(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return HEADERS.readValue(json, HEADER_MAP);
        } catch (JsonProcessingException e) {
            throw new OutboxException("Stored headers are not a JSON object of strings: " + json, e);
        }
    }
}
