package dev.cqrskit.kafka;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Owns how an event travels in a Kafka record, in both directions: the publisher writes records with
 * {@link #toRecord(String, SerializedEvent)} and every consumer reads them back with {@link #read(ConsumerRecord)}.
 *
 * <p>The record's key is the ordering key, its value the JSON payload (UTF-8) and the metadata travels in headers
 * (UTF-8 text):
 * <table>
 *   <caption>Record headers</caption>
 *   <tr><th>header</th><th>value</th></tr>
 *   <tr><td>{@value #MESSAGE_ID}</td><td>the message id, the consumers' deduplication key</td></tr>
 *   <tr><td>{@value #EVENT_TYPE}</td><td>the stable event type name</td></tr>
 *   <tr><td>{@value #CORRELATION_ID}</td><td>the correlation id</td></tr>
 *   <tr><td>{@value #CAUSATION_ID}</td><td>the causation id, when there is one</td></tr>
 *   <tr><td>{@value #OCCURRED_AT}</td><td>the occurred-at instant, ISO-8601</td></tr>
 *   <tr><td>{@value #TENANT}, {@value #PRINCIPAL}</td><td>the tenant and principal, when there are</td></tr>
 *   <tr><td>{@code traceparent}, {@code tracestate}</td><td>W3C trace context, as their own headers so tracing
 *       tools find them</td></tr>
 *   <tr><td>{@value #HEADERS}</td><td>the other metadata headers as a JSON object of strings
 *       ({@link EventCodec#encodeHeaders(Map)}); absent when there are none</td></tr>
 * </table>
 *
 * <p>Stateless and threadsafe.
 *
 * @since 0.1.0
 */
public final class KafkaEnvelope {

    /** The header of the message id. */
    public static final String MESSAGE_ID = "cqrs-message-id";
    /** The header of the stable event type name. */
    public static final String EVENT_TYPE = "cqrs-event-type";
    /** The header of the correlation id. */
    public static final String CORRELATION_ID = "cqrs-correlation-id";
    /** The header of the causation id. */
    public static final String CAUSATION_ID = "cqrs-causation-id";
    /** The header of the occurred-at instant. */
    public static final String OCCURRED_AT = "cqrs-occurred-at";
    /** The header of the tenant. */
    public static final String TENANT = "cqrs-tenant";
    /** The header of the principal. */
    public static final String PRINCIPAL = "cqrs-principal";
    /** The header of the remaining metadata headers, a JSON object of strings. */
    public static final String HEADERS = "cqrs-headers";
    /** The W3C {@code tracestate} header, carried beside {@link Metadata#TRACEPARENT}. */
    public static final String TRACESTATE = "tracestate";

    private KafkaEnvelope() {
    }

    /**
     * Returns the record that carries an event to a topic.
     *
     * @param topic the topic
     * @param event the event
     * @return the record: key = ordering key, value = payload, metadata in headers
     */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, SerializedEvent event) {
        Objects.requireNonNull(topic, "topic must not be null");
        Objects.requireNonNull(event, "event must not be null");
        Metadata metadata = event.metadata();
        Headers headers = new RecordHeaders();
        add(headers, MESSAGE_ID, metadata.messageId().toString());
        add(headers, EVENT_TYPE, event.type());
        add(headers, CORRELATION_ID, metadata.correlationId().toString());
        metadata.causationId().ifPresent(id -> add(headers, CAUSATION_ID, id.toString()));
        add(headers, OCCURRED_AT, metadata.occurredAt().toString());
        metadata.tenant().ifPresent(tenant -> add(headers, TENANT, tenant));
        metadata.principal().ifPresent(principal -> add(headers, PRINCIPAL, principal));
        Map<String, String> rest = new LinkedHashMap<>(metadata.headers());
        String traceparent = rest.remove(Metadata.TRACEPARENT);
        String tracestate = rest.remove(TRACESTATE);
        if (traceparent != null) {
            add(headers, Metadata.TRACEPARENT, traceparent);
        }
        if (tracestate != null) {
            add(headers, TRACESTATE, tracestate);
        }
        if (!rest.isEmpty()) {
            add(headers, HEADERS, EventCodec.encodeHeaders(rest));
        }
        return new ProducerRecord<>(topic, null, null, utf8(event.key()), utf8(event.payload()), headers);
    }

    /**
     * Reads an event back from a record written by {@link #toRecord(String, SerializedEvent)}.
     *
     * @param record the record
     * @return the event with its metadata
     * @throws IllegalArgumentException if a required header is missing or malformed, naming the record
     */
    public static SerializedEvent read(ConsumerRecord<byte[], byte[]> record) {
        Objects.requireNonNull(record, "record must not be null");
        Headers headers = record.headers();
        try {
            Map<String, String> metadataHeaders = new HashMap<>();
            String json = text(headers, HEADERS);
            if (json != null) {
                metadataHeaders.putAll(EventCodec.decodeHeaders(json));
            }
            String traceparent = text(headers, Metadata.TRACEPARENT);
            if (traceparent != null) {
                metadataHeaders.put(Metadata.TRACEPARENT, traceparent);
            }
            String tracestate = text(headers, TRACESTATE);
            if (tracestate != null) {
                metadataHeaders.put(TRACESTATE, tracestate);
            }
            String causation = text(headers, CAUSATION_ID);
            Metadata metadata = Metadata.builder()
                    .messageId(UUID.fromString(required(headers, MESSAGE_ID)))
                    .correlationId(UUID.fromString(required(headers, CORRELATION_ID)))
                    .causationId(causation == null ? null : UUID.fromString(causation))
                    .occurredAt(Instant.parse(required(headers, OCCURRED_AT)))
                    .tenant(text(headers, TENANT))
                    .principal(text(headers, PRINCIPAL))
                    .headers(metadataHeaders)
                    .build();
            return new SerializedEvent(required(headers, EVENT_TYPE), keyOf(record), payloadOf(record), metadata);
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " does not carry a cqrs-kit envelope: " + malformed.getMessage()
                    + ". Was it written by KafkaEventPublisher (KafkaEnvelope.toRecord)?", malformed);
        }
    }

    static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    static String payloadOf(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }

    static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " is missing");
        }
        return value;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
