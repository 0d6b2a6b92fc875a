package dev.cqrskit.outbox;

import dev.cqrskit.outbox.internal.Texts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Owns how a stored event is encoded and decoded: its type name ({@link EventTypes}), its payload
 * ({@link EventSerializer}) and its metadata headers (a JSON object of strings). The outbox writer, the relay's row
 * mapping, the event store and every consumer use this one codec, so what one writes the others read.
 *
 * <pre>{@code
 * EventCodec codec = new EventCodec(eventTypes, EventSerializer.jackson());
 * Outbox outbox = new Outbox(codec);
 * // in a consumer:
 * EventMessage<DomainEvent> message = codec.decode(serializedEvent);
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class EventCodec {

    /**
     * The metadata header in which the relay hands a publisher each event's per-key sequence: the outbox row's id,
     * strictly increasing within an ordering key (not contiguous). A broker envelope that carries it lets a consumer
     * that needs order check, in its inbox transaction, that an event's sequence is above the last one it handled for
     * the key.
     */
    public static final String SEQUENCE_HEADER = "cqrs-sequence";

    private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {
    };

    private final EventTypes types;
    private final EventSerializer serializer;

    /**
     * Creates the codec.
     *
     * @param types      names the event types
     * @param serializer turns payloads into JSON and back
     */
    public EventCodec(EventTypes types, EventSerializer serializer) {
        this.types = Objects.requireNonNull(types, "types must not be null");
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
    }

    /** @return the event type registry */
    public EventTypes types() {
        return types;
    }

    /**
     * Returns the stored name of an event's type.
     *
     * @param event the event
     * @return its registered name
     * @throws OutboxException if the type is not registered
     */
    public String typeName(DomainEvent event) {
        return types.nameOf(Objects.requireNonNull(event, "event must not be null").getClass());
    }

    /**
     * Serializes an event's payload.
     *
     * @param event the event
     * @return its JSON
     * @throws OutboxException if it cannot be serialized
     */
    public String payload(DomainEvent event) {
        return serializer.serialize(Objects.requireNonNull(event, "event must not be null"));
    }

    /**
     * Decodes a stored or relayed event into its class and metadata.
     *
     * @param event a stored or relayed event
     * @return the typed message
     * @throws OutboxException if the type name is not registered or the payload does not decode
     */
    public EventMessage<DomainEvent> decode(SerializedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        Class<? extends DomainEvent> type = types.typeOf(event.type()).orElseThrow(() -> new OutboxException(
                "Event type '" + event.type() + "' of message " + event.messageId() + " is not registered."
                        + " Register its class with EventTypes.builder().add(..., \"" + event.type() + "\")"
                        + " or .alias(\"" + event.type() + "\", ...).", null, event.messageId(), event.key(),
                event.type()));
        return new EventMessage<>(serializer.deserialize(event.payload(), type), event.metadata());
    }

    /**
     * Encodes metadata headers as a JSON object of strings, made storable: NUL characters and unpaired surrogates
     * become U+FFFD, names are cut to 200 characters and values to 8,192.
     *
     * @param headers the headers
     * @return their JSON, {@code {}} when empty
     * @throws OutboxException if they cannot be written
     */
    public static String encodeHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "{}";
        }
        Map<String, String> storable = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> storable.put(Texts.storable(name, 200), Texts.storable(value, 8_192)));
        try {
            return HeaderMapper.MAPPER.writeValueAsString(storable);
        } catch (JsonProcessingException e) {
            throw new OutboxException("Could not write metadata headers " + headers + " as JSON", e);
        }
    }

    /**
     * Decodes metadata headers written by {@link #encodeHeaders(Map)}.
     *
     * @param json the JSON, or {@code null}
     * @return the headers, empty for {@code null} or {@code {}}
     * @throws OutboxException if the JSON is not an object of strings
     */
    public static Map<String, String> decodeHeaders(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return HeaderMapper.MAPPER.readValue(json, HEADER_MAP);
        } catch (JsonProcessingException e) {
            throw new OutboxException("Stored headers are not a JSON object of strings: " + json, e);
        }
    }

    /**
     * Reads the metadata of a stored event from the columns the outbox, the consumer-side parking and the event
     * store share: {@code message_id}, {@code correlation_id}, {@code causation_id}, {@code tenant},
     * {@code principal}, {@code headers} (JSON text) and {@code occurred_at}.
     *
     * @param row a result set positioned on a row with those columns
     * @return the metadata
     * @throws OutboxException if a column is missing or unreadable
     */
    public static Metadata readMetadata(ResultSet row) {
        try {
            return Metadata.builder()
                    .messageId(row.getObject("message_id", UUID.class))
                    .correlationId(row.getObject("correlation_id", UUID.class))
                    .causationId(row.getObject("causation_id", UUID.class))
                    .tenant(row.getString("tenant"))
                    .principal(row.getString("principal"))
                    .headers(decodeHeaders(row.getString("headers")))
                    .occurredAt(row.getObject("occurred_at", OffsetDateTime.class).toInstant())
                    .build();
        } catch (SQLException e) {
            throw new OutboxException("Could not read the metadata columns of a stored event: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code unnest} source that reads the nine arrays {@link #bindColumns} binds: one row per message, in order,
     * with the columns {@code m} (message id), {@code t} (type), {@code p} (payload), {@code c} (correlation),
     * {@code ca} (causation), {@code te} (tenant), {@code pr} (principal), {@code h} (headers), {@code o} (occurred
     * at) as text, and {@code n}, the position from 1. Its nine parameters are JDBC's positional {@code ?}.
     * {@link #columns(int)} picks it for more than {@link #MAX_VALUES_ROWS} messages.
     */
    public static final String UNNEST_COLUMNS = "unnest(?, ?, ?, ?, ?, ?, ?, ?, ?) WITH ORDINALITY"
            + " AS u(m, t, p, c, ca, te, pr, h, o, n)";

    /**
     * The most messages {@link #columns(int)} reads from {@code VALUES} rows, nine text parameters per message; more
     * are read from arrays ({@link #UNNEST_COLUMNS}). A statement has one SQL text per row count up to this and one
     * for more: {@link #statementsByCount} builds them once.
     */
    public static final int MAX_VALUES_ROWS = 4;

    /** How many parameters {@link #bindColumns} binds per row, or in all for the arrays: one per column. */
    private static final int COLUMN_COUNT = 9;

    /**
     * The {@code VALUES} sources by row count: the same columns as {@link #UNNEST_COLUMNS}, from text parameters
     * instead of arrays. Most appends carry one to a few events; without the arrays the driver builds none and the
     * server parses and unnests none (docs/benchmarks.md, 3.5 and 3.6).
     */
    private static final String[] ROW_SOURCES = IntStream.rangeClosed(0, MAX_VALUES_ROWS)
            .mapToObj(EventCodec::rowSource).toArray(String[]::new);

    private static String rowSource(int count) {
        StringBuilder rows = new StringBuilder("(VALUES ");
        for (int n = 1; n <= count; n++) {
            rows.append(n == 1 ? "(" : ", (");
            for (int column = 0; column < COLUMN_COUNT; column++) {
                rows.append("CAST(? AS text), ");
            }
            rows.append(n).append("::bigint)");
        }
        return rows.append(") AS u(m, t, p, c, ca, te, pr, h, o, n)").toString();
    }

    /**
     * Returns the row source that reads what {@link #bindColumns} binds for {@code count} messages: {@code count}
     * {@code VALUES} rows for up to {@link #MAX_VALUES_ROWS} messages, {@link #UNNEST_COLUMNS} for more. All have the
     * columns described at {@link #UNNEST_COLUMNS}, so an {@code INSERT ... SELECT ... FROM} written once takes any of
     * them; build the statement with the same count that is bound.
     *
     * @param count how many messages will be bound
     * @return the SQL of the source, aliased {@code u}, with positional parameters
     */
    public static String columns(int count) {
        return count >= 1 && count <= MAX_VALUES_ROWS ? ROW_SOURCES[count] : UNNEST_COLUMNS;
    }

    /**
     * Builds a statement's SQL once for each row source {@link #columns(int)} returns, and returns the lookup by
     * message count: keep it in a constant, so an append only picks its SQL. The lookup is threadsafe.
     *
     * <pre>{@code
     * static final IntFunction<String> INSERTS = EventCodec.statementsByCount(
     *         rows -> "INSERT INTO my_events (...) SELECT ?, u.m::uuid, ... FROM " + rows);
     * // then: handle.getConnection().prepareStatement(INSERTS.apply(messages.size()))
     * }</pre>
     *
     * @param statement the statement's SQL around a row source, not null
     * @return the SQL for a message count, for every count
     * @since 0.1.0
     */
    public static IntFunction<String> statementsByCount(Function<String, String> statement) {
        Objects.requireNonNull(statement, "statement must not be null");
        String[] bySize = IntStream.rangeClosed(0, MAX_VALUES_ROWS + 1)
                .mapToObj(count -> statement.apply(columns(count))).toArray(String[]::new);
        return count -> bySize[Math.max(0, Math.min(count, MAX_VALUES_ROWS + 1))];
    }

    /**
     * Encodes messages into the nine columns {@link #columns(int)} reads and binds them to a plain JDBC statement,
     * so one {@code INSERT ... SELECT ... FROM} stores any number of events in one round trip: nine text values per
     * message for the {@code VALUES} rows, or nine text arrays for {@link #UNNEST_COLUMNS}. Tenant and principal are
     * made storable (NUL and unpaired surrogates replaced, at most 500 characters) like the headers.
     *
     * <pre>{@code
     * String sql = "INSERT INTO my_events (...) SELECT ?, u.m::uuid, ... FROM " + EventCodec.columns(messages.size());
     * try (PreparedStatement insert = handle.getConnection().prepareStatement(sql)) {
     *     insert.setString(1, key);
     *     codec.bindColumns(insert, 2, messages);
     *     insert.executeUpdate();
     * }
     * }</pre>
     *
     * @param statement  the statement to bind, prepared with SQL that contains {@code columns(messages.size())}
     * @param firstIndex the (1-based) index of the source's first parameter in the statement
     * @param messages   the events and their metadata, in order; not empty
     * @return the index of the first parameter after the source's
     * @throws OutboxException if an event type is not registered, an event cannot be serialized, or the driver
     *                         refuses a value (a closed statement, an index the SQL does not have); the
     *                         {@code SQLException} is the cause
     */
    public int bindColumns(PreparedStatement statement, int firstIndex, List<? extends EventMessage<?>> messages) {
        Objects.requireNonNull(statement, "statement must not be null");
        int size = messages.size();
        if (size == 0) {
            throw new IllegalArgumentException("messages must not be empty: an empty row source inserts nothing");
        }
        String[][] columns = new String[COLUMN_COUNT][size];
        for (int i = 0; i < size; i++) {
            EventMessage<?> message = messages.get(i);
            DomainEvent event = message.event();
            Metadata metadata = message.metadata();
            columns[0][i] = metadata.messageId().toString();
            columns[1][i] = typeName(event);
            columns[2][i] = payload(event);
            columns[3][i] = metadata.correlationId().toString();
            columns[4][i] = metadata.causationId().map(Object::toString).orElse(null);
            columns[5][i] = metadata.tenant().map(t -> Texts.storable(t, 500)).orElse(null);
            columns[6][i] = metadata.principal().map(p -> Texts.storable(p, 500)).orElse(null);
            columns[7][i] = encodeHeaders(metadata.headers());
            // PostgreSQL keeps microseconds and would round the rest; truncating keeps the stored time what a reader
            // gets back.
            columns[8][i] = metadata.occurredAt().truncatedTo(ChronoUnit.MICROS).toString();
        }
        try {
            if (size <= MAX_VALUES_ROWS) {
                for (int row = 0; row < size; row++) {
                    for (int column = 0; column < COLUMN_COUNT; column++) {
                        statement.setString(firstIndex + row * COLUMN_COUNT + column, columns[column][row]);
                    }
                }
                return firstIndex + size * COLUMN_COUNT;
            }
            for (int column = 0; column < COLUMN_COUNT; column++) {
                statement.setArray(firstIndex + column,
                        statement.getConnection().createArrayOf("varchar", columns[column]));
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not bind the columns of " + size + " event(s) at parameter "
                    + firstIndex + ": " + e.getMessage() + ". Prepare the statement with EventCodec.columns("
                    + size + ") and pass the index of its first parameter.", e);
        }
        return firstIndex + COLUMN_COUNT;
    }

    /** Made on first use: events without headers never need it, and it stays off an application's startup path. */
    private static final class HeaderMapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
