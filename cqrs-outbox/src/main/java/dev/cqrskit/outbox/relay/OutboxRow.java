package dev.cqrskit.outbox.relay;

import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.core.publish.SerializedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** One claimed outbox row: what the relay publishes and the bookkeeping it needs. */
record OutboxRow(long id, String key, int attempts, boolean ready, SerializedEvent event) {

    static final String COLUMNS = "o.id, o.message_id, o.ordering_key, o.event_type, o.payload::text AS payload,"
            + " o.correlation_id, o.causation_id, o.tenant, o.principal, o.headers::text AS headers, o.occurred_at,"
            + " o.attempts, (o.parked_at IS NULL AND o.next_attempt_at <= now()) AS ready";

    static final RowMapper<OutboxRow> MAPPER = OutboxRow::map;

    private static OutboxRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        String key = rs.getString("ordering_key");
        long id = rs.getLong("id");
        SerializedEvent event = new SerializedEvent(rs.getString("event_type"), key, rs.getString("payload"),
                EventCodec.readMetadata(rs).withHeader(EventCodec.SEQUENCE_HEADER, Long.toString(id)));
        return new OutboxRow(id, key, rs.getInt("attempts"), rs.getBoolean("ready"), event);
    }
}
