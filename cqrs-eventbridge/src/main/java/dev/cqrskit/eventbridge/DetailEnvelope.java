package dev.cqrskit.eventbridge;

import dev.cqrskit.outbox.EventCodec;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;

/**
 * Writes the {@code Detail} of an entry: the event's metadata next to its payload, which is embedded as it is.
 * {@link EventBridgeEnvelope} reads what this writes; change both together.
 *
 * <pre>{@code
 * {"metadata":{"messageId":"…","correlationId":"…","causationId":"…","occurredAt":"2026-11-22T00:00:00Z",
 *              "tenant":"acme","type":"user.UserRegistered.v1","orderingKey":"user-42","sequence":1234,
 *              "schemaVersion":"1"},
 *  "data":{…the payload…}}
 * }</pre>
 * {@code causationId} and {@code tenant} are left out when the event has none; {@code sequence}, the relay's per-key
 * sequence ({@link EventCodec#SEQUENCE_HEADER}: strictly increasing within an ordering key, not contiguous), when the
 * relay gave one. The principal and the other headers
 * stay inside the service; the {@code traceparent} travels as the entry's X-Ray {@code TraceHeader}. Stateless and
 * threadsafe.
 */
final class DetailEnvelope {

    private DetailEnvelope() {
    }

    static String of(SerializedEvent event, String schemaVersion) {
        Metadata metadata = event.metadata();
        StringBuilder json = new StringBuilder(event.payload().length() + 320);
        json.append("{\"metadata\":{\"messageId\":\"").append(metadata.messageId())
                .append("\",\"correlationId\":\"").append(metadata.correlationId()).append('"');
        metadata.causationId().ifPresent(id -> json.append(",\"causationId\":\"").append(id).append('"'));
        json.append(",\"occurredAt\":\"").append(metadata.occurredAt()).append('"');
        metadata.tenant().ifPresent(tenant -> quoted(json.append(",\"tenant\":"), tenant));
        quoted(json.append(",\"type\":"), event.type());
        quoted(json.append(",\"orderingKey\":"), event.key());
        String sequence = metadata.headers().get(EventCodec.SEQUENCE_HEADER);
        if (sequence != null && !sequence.isEmpty() && sequence.chars().allMatch(Character::isDigit)) {
            json.append(",\"sequence\":").append(sequence);
        }
        quoted(json.append(",\"schemaVersion\":"), schemaVersion);
        json.append("},\"data\":").append(event.payload()).append('}');
        return json.toString();
    }

    private static void quoted(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
