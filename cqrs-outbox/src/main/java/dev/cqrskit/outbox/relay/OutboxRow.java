package dev.cqrskit.outbox.relay;

import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** One claimed outbox row: what the relay publishes and the bookkeeping it needs. */
record OutboxRow(long id, String key, int attempts, boolean ready, SerializedEvent event) {

    static final String COLUMNS = "o.id, o.message_id, o.ordering_key, o.event_type, o.payload::text AS payload,"
            + " o.correlation_id, o.causation_id, o.tenant, o.principal, o.headers::text AS headers, o.occurred_at,"
            + " o.attempts, (o.parked_at IS NULL AND o.next_attempt_at <= now()) AS ready";

    static final RowMapper<OutboxRow> MAPPER = OutboxRow::map;

    private static OutboxRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        Metadata.Builder metadata = Metadata.builder()
                .messageId(rs.getObject("message_id", UUID.class))
                .correlationId(rs.getObject("correlation_id", UUID.class))
                .causationId(rs.getObject("causation_id", UUID.class))
                .occurredAt(rs.getObject("occurred_at", OffsetDateTime.class).toInstant())
                .tenant(rs.getString("tenant"))
                .principal(rs.getString("principal"))
                .headers(EventCodec.decodeHeaders(rs.getString("headers")));
        String key = rs.getString("ordering_key");
        SerializedEvent event = new SerializedEvent(rs.getString("event_type"), key, rs.getString("payload"),
                metadata.build());
        return new OutboxRow(rs.getLong("id"), key, rs.getInt("attempts"), rs.getBoolean("ready"), event);
    }
}
