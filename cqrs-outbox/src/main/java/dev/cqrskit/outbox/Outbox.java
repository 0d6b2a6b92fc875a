package dev.cqrskit.outbox;

import dev.cqrskit.outbox.internal.Texts;

import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;

/**
 * Appends events to the outbox inside the caller's transaction, so they commit or roll back with the state change
 * that produced them. Its {@link EventCodec} decodes them again.
 *
 * <pre>{@code
 * Outbox outbox = new Outbox(new EventCodec(eventTypes, EventSerializer.jackson()));
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
 * <p>As an {@link EventRecorder}, the default one of {@link JdbiAggregateRepository}, it appends a save's events with
 * the aggregate's key as ordering key.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class Outbox implements EventRecorder {

    /** The insert by event count, on the codec's row sources. */
    private static final IntFunction<String> INSERTS = EventCodec.statementsByCount(Outbox::insert);

    private final EventCodec codec;

    /**
     * Creates the outbox writer.
     *
     * @param codec encodes each event's type name, payload and headers
     */
    public Outbox(EventCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /** @return the codec this writer encodes with, which also decodes what it wrote */
    public EventCodec codec() {
        return codec;
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
        if (!Texts.storable(orderingKey, 500).equals(orderingKey)) {
            throw new IllegalArgumentException("orderingKey must not contain NUL characters or unpaired surrogates,"
                    + " but was '" + Texts.storable(orderingKey, 100) + "'");
        }
        if (orderingKey.isEmpty() || orderingKey.length() > 500) {
            throw new IllegalArgumentException("orderingKey must have 1 to 500 characters, but had "
                    + orderingKey.length());
        }
        int size = messages.size();
        if (size == 0) {
            return;
        }
        // Plain JDBC on the handle's connection, inside its transaction: Jdbi's per-statement machinery was the largest
        // part of an append's JVM CPU (docs/benchmarks.md, 3.6). pgjdbc still caches the statement by its SQL and
        // prepares it on the server after a few uses, as it did under Jdbi.
        try (PreparedStatement insert = handle.getConnection().prepareStatement(INSERTS.apply(size))) {
            insert.setString(1, orderingKey);
            codec.bindColumns(insert, 2, messages);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("Could not append " + size + " event(s) with key '" + orderingKey
                    + "' to cqrs_outbox: " + e.getMessage() + ". Is the schema installed (CqrsSchema.install)?"
                    + " The transaction must be rolled back.", e, null, orderingKey, null);
        }
    }

    private static String insert(String rows) {
        return "INSERT INTO cqrs_outbox (message_id, ordering_key, event_type, payload, correlation_id, causation_id,"
                + " tenant, principal, headers, occurred_at)"
                + " SELECT m::uuid, ?, t, p::json, c::uuid, ca::uuid, te, pr, h::json, o::timestamptz"
                + " FROM " + rows + " ORDER BY n";
    }

    /**
     * Appends the events of one aggregate's save, keyed by the aggregate: {@link #append} with
     * {@code orderingKey}; the version is not needed here, the repository's version check already ordered the save.
     *
     * @throws OutboxException if an event type is not registered, an event cannot be serialized, or the insert fails
     */
    @Override
    public void record(Handle handle, String orderingKey, long aggregateVersion,
                       List<? extends EventMessage<?>> messages) {
        append(handle, orderingKey, messages);
    }
}
