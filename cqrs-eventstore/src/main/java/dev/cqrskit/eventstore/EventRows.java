package dev.cqrskit.eventstore;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/** Writes and reads the rows of {@code cqrs_events} with the one {@link EventCodec}: arrays in, records out. */
final class EventRows {

    /** The columns {@link #decode} reads. */
    static final String COLUMNS = "e.position, e.stream_id, e.stream_version, e.message_id, e.event_type,"
            + " e.payload::text AS payload, e.correlation_id, e.causation_id, e.tenant, e.principal,"
            + " e.headers::text AS headers, e.occurred_at, e.recorded_at";

    /** The values an insert takes from the row source of {@link EventCodec#columns(int)}. */
    static final String VALUES = "u.m::uuid, u.t, u.p::jsonb, u.c::uuid, u.ca::uuid, u.te, u.pr, u.h::jsonb,"
            + " u.o::timestamptz";

    private EventRows() {
    }

    /** Decodes the current row of {@link #COLUMNS}. */
    static RecordedEvent decode(ResultSet rs, EventCodec codec) throws SQLException {
        String streamId = rs.getString("stream_id");
        long position = rs.getLong("position");
        EventMessage<dev.cqrskit.core.DomainEvent> message;
        try {
            message = codec.decode(new SerializedEvent(rs.getString("event_type"), streamId, rs.getString("payload"),
                    EventCodec.readMetadata(rs)));
        } catch (RuntimeException e) {
            throw new EventStoreException("Event at position " + position + " of stream " + streamId
                    + " does not decode: " + e.getMessage(), e);
        }
        Timestamp recorded = rs.getTimestamp("recorded_at");
        return new RecordedEvent(position, streamId, rs.getLong("stream_version"), message, recorded.toInstant());
    }
}
