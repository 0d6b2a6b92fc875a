package dev.cqrskit.eventstore;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.SqlStatement;

/** Writes and reads the rows of {@code cqrs_events} with the one {@link EventCodec}: arrays in, records out. */
final class EventRows {

    /** The columns {@link #metadata} and {@link #decode} read. */
    static final String COLUMNS = "e.position, e.stream_id, e.stream_version, e.message_id, e.event_type,"
            + " e.payload::text AS payload, e.correlation_id, e.causation_id, e.tenant, e.principal,"
            + " e.headers::text AS headers, e.occurred_at, e.recorded_at";

    /** The unnest source of an insert: one row per message, in order, {@code n} from 1. */
    static final String UNNEST = "unnest(:ids, :types, :payloads, :correlations, :causations, :tenants, :principals,"
            + " :headers, :occurred) WITH ORDINALITY AS u(m, t, p, c, ca, te, pr, h, o, n)";

    /** The values an insert takes from {@link #UNNEST}. */
    static final String VALUES = "u.m::uuid, u.t, u.p::jsonb, u.c::uuid, u.ca::uuid, u.te, u.pr, u.h::jsonb,"
            + " u.o::timestamptz";

    private EventRows() {
    }

    /** Binds the messages as the arrays {@link #UNNEST} reads. */
    static <S extends SqlStatement<S>> S bind(S statement, EventCodec codec, List<? extends EventMessage<?>> messages) {
        int size = messages.size();
        String[] ids = new String[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        String[] correlations = new String[size];
        String[] causations = new String[size];
        String[] tenants = new String[size];
        String[] principals = new String[size];
        String[] headers = new String[size];
        String[] occurred = new String[size];
        for (int i = 0; i < size; i++) {
            EventMessage<?> message = messages.get(i);
            Metadata metadata = message.metadata();
            ids[i] = metadata.messageId().toString();
            types[i] = codec.typeName(message.event());
            payloads[i] = codec.payload(message.event());
            correlations[i] = metadata.correlationId().toString();
            causations[i] = metadata.causationId().map(UUID::toString).orElse(null);
            tenants[i] = metadata.tenant().orElse(null);
            principals[i] = metadata.principal().orElse(null);
            headers[i] = EventCodec.encodeHeaders(metadata.headers());
            // PostgreSQL keeps microseconds; truncating keeps the stored time equal to what a reader gets back.
            occurred[i] = metadata.occurredAt().truncatedTo(ChronoUnit.MICROS).toString();
        }
        return statement.bindArray("ids", String.class, (Object[]) ids)
                .bindArray("types", String.class, (Object[]) types)
                .bindArray("payloads", String.class, (Object[]) payloads)
                .bindArray("correlations", String.class, (Object[]) correlations)
                .bindArray("causations", String.class, (Object[]) causations)
                .bindArray("tenants", String.class, (Object[]) tenants)
                .bindArray("principals", String.class, (Object[]) principals)
                .bindArray("headers", String.class, (Object[]) headers)
                .bindArray("occurred", String.class, (Object[]) occurred);
    }

    /** Reads the metadata of the current row of {@link #COLUMNS}. */
    static Metadata metadata(ResultSet rs) throws SQLException {
        String causation = rs.getString("causation_id");
        return Metadata.builder()
                .messageId(rs.getObject("message_id", UUID.class))
                .correlationId(rs.getObject("correlation_id", UUID.class))
                .causationId(causation == null ? null : UUID.fromString(causation))
                .occurredAt(rs.getTimestamp("occurred_at").toInstant())
                .tenant(rs.getString("tenant"))
                .principal(rs.getString("principal"))
                .headers(EventCodec.decodeHeaders(rs.getString("headers")))
                .build();
    }

    /** Decodes the current row of {@link #COLUMNS}. */
    static RecordedEvent decode(ResultSet rs, EventCodec codec) throws SQLException {
        String streamId = rs.getString("stream_id");
        long position = rs.getLong("position");
        EventMessage<dev.cqrskit.core.DomainEvent> message;
        try {
            message = codec.decode(new SerializedEvent(rs.getString("event_type"), streamId, rs.getString("payload"),
                    metadata(rs)));
        } catch (RuntimeException e) {
            throw new EventStoreException("Event at position " + position + " of stream " + streamId
                    + " does not decode: " + e.getMessage(), e);
        }
        Timestamp recorded = rs.getTimestamp("recorded_at");
        return new RecordedEvent(position, streamId, rs.getLong("stream_version"), message, recorded.toInstant());
    }
}
