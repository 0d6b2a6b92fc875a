package dev.cqrskit.eventbridge;

import dev.cqrskit.outbox.EventCodec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads an event that {@link EventBridgePublisher} published back into the {@link SerializedEvent} it came from:
 * the reader beside the writer of the {@code Detail} envelope, so one module owns the format.
 *
 * <p>It takes the JSON that EventBridge delivers to a target (a Lambda function, an SQS queue, an API destination),
 * as AWS documents it:
 * <pre>{@code
 * {"version":"0","id":"…","detail-type":"user.UserRegistered.v1","source":"com.example.users",
 *  "account":"123456789012","time":"2026-11-22T00:00:00Z","region":"eu-west-1","resources":[],
 *  "detail":{"metadata":{"messageId":"…","correlationId":"…","occurredAt":"…","type":"user.UserRegistered.v1",
 *                        "orderingKey":"user-42","schemaVersion":"1"},
 *            "data":{…}}}
 * }</pre>
 * and returns:
 * <ul>
 *   <li>type: {@code metadata.type} (the stable type name), else the {@code detail-type};</li>
 *   <li>key: {@code metadata.orderingKey}, else (envelopes written before 0.1.0 had none) the message id, so that
 *       no unrelated events share a key;</li>
 *   <li>payload: {@code detail.data} as compact JSON text, numbers exactly as written;</li>
 *   <li>metadata: message id, correlation id (the message id when absent), causation id, occurred-at (else the
 *       event's {@code time}), tenant; the headers hold {@code traceparent} when an X-Ray trace header is given
 *       (EventBridge hands it to targets beside the event, not inside it: a Lambda function finds it in the system
 *       property {@code com.amazonaws.xray.traceHeader}), and {@link EventCodec#SEQUENCE_HEADER} with the relay's
 *       per-key sequence ({@code metadata.sequence}) when the envelope has one. The principal and the other headers
 *       are not published, so they are absent.</li>
 * </ul>
 * With the emulator, read {@code emulatedEvent.toJson()} with {@code emulatedEvent.traceHeader()}.
 *
 * <pre>{@code
 * SerializedEvent event = EventBridgeEnvelope.read(eventJson);
 * EventMessage<DomainEvent> message = codec.decode(event);
 * }</pre>
 *
 * <p>Stateless and threadsafe.
 *
 * @since 0.1.0
 */
public final class EventBridgeEnvelope {

    /** Decimals are read as written (12.50 stays 12.50), so the payload keeps its numbers exactly. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private EventBridgeEnvelope() {
    }

    /**
     * Reads an EventBridge event as delivered to a target.
     *
     * @param eventJson the event's JSON
     * @return the event as the outbox relay published it
     * @throws EnvelopeFormatException if the JSON is not an EventBridge event carrying a cqrs-kit envelope; the
     *                                 message says what is missing
     */
    public static SerializedEvent read(String eventJson) {
        return read(eventJson, null);
    }

    /**
     * Reads an EventBridge event as delivered to a target, with the X-Ray trace header delivered beside it.
     *
     * @param eventJson   the event's JSON
     * @param traceHeader the X-Ray trace header ({@code Root=1-…;Parent=…;Sampled=1}), or {@code null}; one that
     *                    cannot be read is ignored
     * @return the event as the outbox relay published it
     * @throws EnvelopeFormatException if the JSON is not an EventBridge event carrying a cqrs-kit envelope
     */
    public static SerializedEvent read(String eventJson, String traceHeader) {
        Objects.requireNonNull(eventJson, "eventJson must not be null");
        try {
            return fromEvent(JSON.readTree(eventJson), traceHeader);
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("The EventBridge event is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an EventBridge event from a stream, e.g. a Lambda function's input; the stream is read to its end, not
     * closed.
     *
     * @param eventJson   the event's JSON, UTF-8
     * @param traceHeader the X-Ray trace header, or {@code null}
     * @return the event as the outbox relay published it
     * @throws EnvelopeFormatException if the JSON is not an EventBridge event carrying a cqrs-kit envelope, or the
     *                                 stream cannot be read
     */
    public static SerializedEvent read(InputStream eventJson, String traceHeader) {
        Objects.requireNonNull(eventJson, "eventJson must not be null");
        try {
            return fromEvent(JSON.readTree(eventJson), traceHeader);
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("The EventBridge event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EnvelopeFormatException("The EventBridge event could not be read: " + e.getMessage(), e);
        }
    }

    private static SerializedEvent fromEvent(JsonNode event, String traceHeader) {
        if (event == null || !event.isObject()) {
            throw new EnvelopeFormatException("An EventBridge event is a JSON object with version, id, detail-type,"
                    + " source, account, time, region, resources and detail, but this is " + kind(event) + ".");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new EnvelopeFormatException("EventBridge event " + event.path("id").asText("(without id)")
                    + " has no detail object; fields present: " + fieldNames(event) + ".");
        }
        JsonNode metadata = detail.get("metadata");
        if (metadata == null || !metadata.isObject() || !detail.has("data")) {
            throw new EnvelopeFormatException("EventBridge event " + event.path("id").asText("(without id)")
                    + " (source " + event.path("source").asText("?") + ", detail-type "
                    + event.path("detail-type").asText("?") + ") carries no cqrs-kit envelope: its detail needs"
                    + " \"metadata\" and \"data\", but has " + fieldNames(detail) + ".");
        }
        UUID messageId = uuid(metadata, "messageId", true);
        Metadata.Builder builder = Metadata.builder()
                .messageId(messageId)
                .correlationId(uuid(metadata, "correlationId", false))
                .causationId(uuid(metadata, "causationId", false))
                .occurredAt(instant(metadata.has("occurredAt") ? metadata.get("occurredAt") : event.get("time"),
                        messageId))
                .tenant(text(metadata, "tenant"));
        TraceHeaders.toTraceparent(traceHeader).ifPresent(parent -> builder.header(Metadata.TRACEPARENT, parent));
        JsonNode sequence = metadata.get("sequence");
        if (sequence != null && sequence.canConvertToLong()) {
            builder.header(EventCodec.SEQUENCE_HEADER, Long.toString(sequence.asLong()));
        }
        String type = text(metadata, "type");
        if (type == null) {
            type = text(event, "detail-type");
        }
        if (type == null) {
            throw new EnvelopeFormatException("Event " + messageId + " names no type: neither detail.metadata.type"
                    + " nor detail-type is present.");
        }
        String key = text(metadata, "orderingKey");
        try {
            return new SerializedEvent(type, key == null ? messageId.toString() : key,
                    JSON.writeValueAsString(detail.get("data")), builder.build());
        } catch (JsonProcessingException e) {
            throw new EnvelopeFormatException("The data of event " + messageId + " could not be written back as"
                    + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static UUID uuid(JsonNode metadata, String field, boolean required) {
        String text = text(metadata, field);
        if (text == null) {
            if (required) {
                throw new EnvelopeFormatException("The cqrs-kit envelope has no detail.metadata." + field
                        + "; fields present: " + fieldNames(metadata) + ".");
            }
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeFormatException("detail.metadata." + field + " must be a UUID, but was '" + text + "'.",
                    e);
        }
    }

    private static Instant instant(JsonNode time, UUID messageId) {
        if (time == null || !time.isTextual()) {
            throw new EnvelopeFormatException("Event " + messageId + " has neither detail.metadata.occurredAt nor a"
                    + " time.");
        }
        try {
            return Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            throw new EnvelopeFormatException("The time of event " + messageId + " must be an ISO-8601 instant, but"
                    + " was '" + time.asText() + "'.", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new EnvelopeFormatException("Field '" + field + "' must be a string, but was " + kind(value) + ".");
        }
        return value.asText();
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder("[");
        node.fieldNames().forEachRemaining(name -> names.append(names.length() > 1 ? ", " : "").append(name));
        return names.append(']').toString();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode() ? "empty" : "a JSON " + node.getNodeType().name().toLowerCase();
    }
}
