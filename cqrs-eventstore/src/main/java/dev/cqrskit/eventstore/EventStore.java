package dev.cqrskit.eventstore;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventRecorder;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.internal.Texts;
import dev.cqrskit.outbox.jdbi.HandleSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/**
 * Appends events to streams with an expected version and reads them back, inside the caller's transaction.
 *
 * <pre>{@code
 * EventStore store = new EventStore(transactions, codec);          // transactions: a HandleSource
 * AppendResult result = store.append("User:42", ExpectedVersion.noStream(), metadataFactory.stamp(events));
 * List<RecordedEvent> history = store.readStream("User:42", 1);
 * }</pre>
 *
 * <p>An append is one statement (one round trip): it checks and bumps the stream's version in {@code cqrs_streams}
 * and inserts the events into {@code cqrs_events}. The stream row lock it takes serializes the appends of one
 * stream until their transactions end, so a stream's commit order is its version order. When the expectation does
 * not hold it stores nothing and throws {@link ConcurrencyConflictException} naming the stream, the expected and
 * the actual version; roll the transaction back and retry the command ({@code RetryMiddleware} does).
 *
 * <p>{@link #forTenant(String)} scopes reads to one tenant and checks that appended events belong to it;
 * {@link #publishingTo(Outbox)} also writes every appended event to the outbox in the same transaction, keyed by the
 * stream id. Both return new stores; this one is unchanged.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class EventStore {

    private static final int MAX_STREAM_ID = 500;
    /** Deadlock detected, serialization failure: the transaction lost a race and may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");

    /**
     * The stream row's check and bump, with the parameters stream, count, tenant, count, any, count. Plain JDBC
     * parameters in text order: {@link #insert} binds them.
     */
    private static final String NEW_OR_ANY = "WITH s AS (INSERT INTO cqrs_streams AS st (stream_id, version,"
            + " tenant) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE"
            + " SET version = st.version + ? WHERE ? RETURNING st.version - ? AS before)";

    /** The same at an expected version, with the parameters count, stream, expected, count. */
    private static final String AT_VERSION = "WITH s AS (UPDATE cqrs_streams SET version = version + ?"
            + " WHERE stream_id = ? AND version = ? RETURNING version - ? AS before)";

    /** The statements by expectation and event count, on the codec's row sources. */
    private static final IntFunction<String> APPEND_NEW_OR_ANY = EventCodec.statementsByCount(
            rows -> NEW_OR_ANY + insertEvents(rows));
    private static final IntFunction<String> APPEND_AT_VERSION = EventCodec.statementsByCount(
            rows -> AT_VERSION + insertEvents(rows));

    private final HandleSource handles;
    private final EventCodec codec;
    private final String tenant;
    private final Outbox outbox;

    /**
     * Creates the store.
     *
     * @param handles supplies the transaction open on the calling thread, or one of its own
     * @param codec   encodes and decodes event types, payloads and headers, as the outbox does
     */
    public EventStore(HandleSource handles, EventCodec codec) {
        this(handles, codec, null, null);
    }

    private EventStore(HandleSource handles, EventCodec codec, String tenant, Outbox outbox) {
        this.handles = Objects.requireNonNull(handles, "handles must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.tenant = tenant;
        this.outbox = outbox;
    }

    /**
     * Returns a store whose reads see one tenant's events only and whose appends accept only that tenant's events.
     *
     * @param tenant the tenant, as in {@code Metadata.tenant()}
     * @return the scoped store
     */
    public EventStore forTenant(String tenant) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        return new EventStore(handles, codec, tenant, outbox);
    }

    /**
     * Returns a store that also appends every event to the outbox, in the same transaction, with the stream id as
     * ordering key.
     *
     * @param outbox the outbox
     * @return the publishing store
     */
    public EventStore publishingTo(Outbox outbox) {
        Objects.requireNonNull(outbox, "outbox must not be null");
        return new EventStore(handles, codec, tenant, outbox);
    }

    /** The handle source, for services that read and append in one transaction. */
    HandleSource handles() {
        return handles;
    }

    /** @return the codec events are encoded and decoded with */
    public EventCodec codec() {
        return codec;
    }

    /** @return the tenant this store is scoped to, if any */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /**
     * Appends events to a stream if it is at the expected version, in one statement, joining the transaction open on
     * this thread. An empty list stores nothing but still checks the expectation.
     *
     * @param streamId the stream, 1 to 500 characters
     * @param expected what the stream must be at
     * @param messages the events and their metadata, in order
     * @return the stream's new version and the positions of the events
     * @throws ConcurrencyConflictException if the stream is not at the expected version; nothing was stored
     * @throws EventStoreException          if an event cannot be encoded or the statement fails
     */
    public AppendResult append(String streamId, ExpectedVersion expected, List<? extends EventMessage<?>> messages) {
        return handles.withHandle(handle -> append(handle, streamId, expected, messages));
    }

    /** {@link #append(String, ExpectedVersion, List)} on the caller's handle, for the recorder it hands out. */
    AppendResult append(Handle handle, String streamId, ExpectedVersion expected,
                        List<? extends EventMessage<?>> messages) {
        checkStreamId(streamId);
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(messages, "messages must not be null");
        if (tenant != null) {
            for (EventMessage<?> message : messages) {
                if (!tenant.equals(message.metadata().tenant().orElse(null))) {
                    throw new IllegalArgumentException("This store is scoped to tenant '" + tenant + "' but message "
                            + message.metadata().messageId() + " belongs to tenant "
                            + message.metadata().tenant().map(t -> "'" + t + "'").orElse("(none)")
                            + ". Stamp it with Metadata.withTenant(\"" + tenant + "\") or use an unscoped store.");
                }
            }
        }
        if (messages.isEmpty()) {
            long actual = currentVersion(handle, streamId);
            if (!expected.isAny() && actual != expected.value()) {
                throw conflict(streamId, expected, actual);
            }
            return new AppendResult(streamId, actual, 0, 0);
        }
        AppendResult result = insert(handle, streamId, expected, messages);
        if (outbox != null) {
            outbox.append(handle, streamId, messages);
        }
        return result;
    }

    /**
     * Returns the recorder that a state-stored repository ({@code JdbiAggregateRepository}) hands its events to, so
     * that subscriptions see them: it appends a save's events to the stream named by the aggregate's key
     * ({@code "User:42"}) and writes them to the outbox, on the repository's handle, in its transaction.
     *
     * <pre>{@code
     * JdbiUsers users = new JdbiUsers(transactions, store.recorder(outbox), metadataFactory, CommittedEvents.NONE);
     * }</pre>
     *
     * <p>The repository's version check on the state row runs first and holds that row's lock until commit, so a
     * lost update fails there and records nothing. The recorder appends a new aggregate's events with
     * {@link ExpectedVersion#noStream()} (a leftover stream of the same id is a conflict) and a stored aggregate's
     * with {@link ExpectedVersion#any()}: a stream version counts events while an aggregate's version counts saves,
     * and an aggregate stored before its stream existed starts its stream at its next save. The returned recorder is
     * threadsafe; it throws {@code ConcurrencyConflictException} or {@link EventStoreException} as
     * {@link #append} does, and the transaction must then roll back.
     *
     * @param outbox receives the same events, keyed by the stream id
     * @return the recorder
     */
    public EventRecorder recorder(Outbox outbox) {
        return new StreamRecorder(publishingTo(outbox));
    }

    private AppendResult insert(Handle handle, String streamId, ExpectedVersion expected,
                                List<? extends EventMessage<?>> messages) {
        boolean atVersion = !expected.isAny() && expected.value() > 0;
        int size = messages.size();
        long count = size;
        AppendResult stored = null;
        // Plain JDBC on the handle's connection, inside its transaction: Jdbi's per-statement machinery was the largest
        // part of an append's JVM CPU (docs/benchmarks.md, 3.6). pgjdbc still caches the statement by its SQL and
        // prepares it on the server after a few uses (a generic plan: EventStoreIT checks), as it did under Jdbi.
        try (PreparedStatement append = handle.getConnection().prepareStatement((atVersion ? APPEND_AT_VERSION
                : APPEND_NEW_OR_ANY).apply(size))) {
            int next;
            if (atVersion) {
                append.setLong(1, count);
                append.setString(2, streamId);
                append.setLong(3, expected.value());
                append.setLong(4, count);
                next = 5;
            } else {
                append.setString(1, streamId);
                append.setLong(2, count);
                // Stored as the events' tenant column stores it: a value PostgreSQL rejects must not fail the append.
                append.setString(3, messages.get(0).metadata().tenant().map(t -> Texts.storable(t, 500)).orElse(null));
                append.setLong(4, count);
                append.setBoolean(5, expected.isAny());
                append.setLong(6, count);
                next = 7;
            }
            append.setString(next, streamId);
            next = codec.bindColumns(append, next + 1, messages);
            append.setLong(next, count);
            try (ResultSet row = append.executeQuery()) {
                if (row.next()) {
                    stored = new AppendResult(streamId, row.getLong(1), row.getLong(2), row.getLong(3));
                }
            }
        } catch (SQLException e) {
            if (RETRYABLE.contains(e.getSQLState())) {
                // Two transactions appending to the same streams in opposite orders: PostgreSQL aborted this one.
                ConcurrencyConflictException conflict = new ConcurrencyConflictException("Stream " + streamId
                        + " could not be appended to at " + expected + ": " + e.getMessage() + " Nothing was saved;"
                        + " retry the command (RetryMiddleware does this).");
                conflict.initCause(e);
                throw conflict;
            }
            throw new EventStoreException("Could not append " + size + " event(s) to stream '" + streamId
                    + "': " + e.getMessage() + ". Is the schema installed (EventStoreSchema.install)? The transaction"
                    + " must be rolled back.", e);
        }
        if (stored == null) {
            throw conflict(streamId, expected, currentVersion(handle, streamId));
        }
        return stored;
    }

    /** The events' insert after the stream CTE, with the parameters stream, the codec's, count. */
    private static String insertEvents(String rows) {
        return ", e AS (INSERT INTO cqrs_events (stream_id, stream_version, message_id, event_type, payload,"
                + " correlation_id, causation_id, tenant, principal, headers, occurred_at)"
                + " SELECT ?, s.before + u.n, " + EventRows.VALUES + " FROM s, " + rows
                + " ORDER BY u.n RETURNING position)"
                + " SELECT s.before + ? AS version, (SELECT min(position) FROM e) AS first,"
                + " (SELECT max(position) FROM e) AS last FROM s";
    }

    /**
     * Reads a stream's events from a version on, oldest first, joining the transaction open on this thread.
     *
     * @param streamId    the stream
     * @param fromVersion the first version to read, 1 for all
     * @return the events, empty if the stream does not exist (or belongs to another tenant)
     * @throws EventStoreException if an event does not decode
     */
    public List<RecordedEvent> readStream(String streamId, long fromVersion) {
        checkStreamId(streamId);
        return handles.withHandle(handle -> handle.createQuery("SELECT " + EventRows.COLUMNS + " FROM cqrs_events e"
                        + " WHERE e.stream_id = :stream AND e.stream_version >= :from"
                        + (tenant == null ? "" : " AND e.tenant = :tenant") + " ORDER BY e.stream_version")
                .bind("stream", streamId)
                .bind("from", fromVersion)
                .bind("tenant", tenant)
                .map((rs, ctx) -> EventRows.decode(rs, codec))
                .list());
    }

    /**
     * Reads events of all streams in position order, from a position on. Positions are insertion order, not commit
     * order: a transaction still open may later commit events at lower positions than these. To follow the log
     * without missing any, use a subscription ({@link Subscriptions}).
     *
     * @param fromPosition the first position to read, 1 for all
     * @param limit        how many events at most, 1 to 10,000
     * @return the events, oldest first
     * @throws EventStoreException if an event does not decode
     */
    public List<RecordedEvent> readAll(long fromPosition, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, but was " + limit);
        }
        return handles.withHandle(handle -> handle.createQuery("SELECT " + EventRows.COLUMNS + " FROM cqrs_events e"
                        + " WHERE e.position >= :from" + (tenant == null ? "" : " AND e.tenant = :tenant")
                        + " ORDER BY e.position LIMIT :limit")
                .bind("from", fromPosition)
                .bind("tenant", tenant)
                .bind("limit", limit)
                .map((rs, ctx) -> EventRows.decode(rs, codec))
                .list());
    }

    /**
     * Returns a stream's current version.
     *
     * @param streamId the stream
     * @return the number of events it holds, 0 if it does not exist
     */
    public long version(String streamId) {
        checkStreamId(streamId);
        return handles.withHandle(handle -> currentVersion(handle, streamId));
    }

    /**
     * Returns the position of a stream's last event: the consistency token of a write whose result did not carry one
     * (a state-stored repository's save, a command that answers an id). Waiting for it with
     * {@link Subscriptions#awaitPosition} also waits for every earlier event of the stream.
     *
     * <pre>{@code
     * UserId id = commandBus.dispatch(registerUser);
     * subscriptions.awaitPosition("UserDirectory", store.lastPosition("User:" + id), Duration.ofSeconds(2));
     * }</pre>
     *
     * @param streamId the stream
     * @return the position, 0 if the stream does not exist (or belongs to another tenant)
     */
    public long lastPosition(String streamId) {
        checkStreamId(streamId);
        return handles.withHandle(handle -> handle.createQuery("SELECT coalesce(max(e.position), 0)"
                        + " FROM cqrs_events e WHERE e.stream_id = :stream"
                        + (tenant == null ? "" : " AND e.tenant = :tenant"))
                .bind("stream", streamId)
                .bind("tenant", tenant)
                .mapTo(Long.class).one());
    }

    private static long currentVersion(Handle handle, String streamId) {
        return handle.createQuery("SELECT version FROM cqrs_streams WHERE stream_id = :stream")
                .bind("stream", streamId).mapTo(Long.class).findOne().orElse(0L);
    }

    private static ConcurrencyConflictException conflict(String streamId, ExpectedVersion expected, long actual) {
        return ConcurrencyConflictException.of("Stream", streamId, expected.value(), actual);
    }

    private static void checkStreamId(String streamId) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        if (streamId.isEmpty() || streamId.length() > MAX_STREAM_ID || streamId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("streamId must have 1 to " + MAX_STREAM_ID + " characters and no NUL,"
                    + " but was '" + streamId.replace("\0", "\\0") + "' (" + streamId.length() + " characters)");
        }
    }
}
