package dev.cqrskit.eventbridge.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event the {@link EventBridgeEmulator} accepted, with the envelope EventBridge gives every event it delivers to
 * a target.
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param id           the event id EventBridge assigned, also returned to the publisher as {@code EventId}
 * @param source       the entry's {@code Source}
 * @param detailType   the entry's {@code DetailType}, {@code detail-type} in the envelope
 * @param detail       the entry's {@code Detail}, a JSON object as text, exactly as it was sent
 * @param time         the entry's {@code Time}, or the time of receipt when the entry had none
 * @param region       the emulator's region
 * @param account      the emulator's account id
 * @param resources    the entry's {@code Resources}, empty when it had none
 * @param eventBusName the name of the bus the event was put on ({@code default} unless the entry named one)
 * @param traceHeader  the entry's {@code TraceHeader}, if it had one (not part of the delivered envelope)
 * @since 0.1.0
 */
public record EmulatedEvent(String id, String source, String detailType, String detail, Instant time, String region,
                            String account, List<String> resources, String eventBusName,
                            Optional<String> traceHeader) {

    /** Validates the parts and copies the resources. */
    public EmulatedEvent {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(detailType, "detailType must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(region, "region must not be null");
        Objects.requireNonNull(account, "account must not be null");
        resources = List.copyOf(Objects.requireNonNull(resources, "resources must not be null"));
        Objects.requireNonNull(eventBusName, "eventBusName must not be null");
        Objects.requireNonNull(traceHeader, "traceHeader must not be null");
    }

    /**
     * Returns the event as EventBridge delivers it to a target: {@code version}, {@code id}, {@code detail-type},
     * {@code source}, {@code account}, {@code time} (whole seconds, UTC), {@code region}, {@code resources} and
     * {@code detail}. Rules are matched against this JSON.
     *
     * @return the envelope as compact JSON
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(detail.length() + 256);
        json.append("{\"version\":\"0\",\"id\":");
        quote(json, id);
        json.append(",\"detail-type\":");
        quote(json, detailType);
        json.append(",\"source\":");
        quote(json, source);
        json.append(",\"account\":");
        quote(json, account);
        json.append(",\"time\":");
        quote(json, time.truncatedTo(ChronoUnit.SECONDS).toString());
        json.append(",\"region\":");
        quote(json, region);
        json.append(",\"resources\":[");
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(json, resources.get(i));
        }
        json.append("],\"detail\":").append(detail).append('}');
        return json.toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
