package dev.cqrskit.eventbridge;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import java.util.List;

/**
 * One event of a batch with its position, its PutEvents entry and the entry's size by AWS's formula: 14 bytes for
 * {@code Time} plus the UTF-8 bytes of {@code Source}, {@code DetailType}, {@code Detail} and each resource.
 */
record MappedEntry(int index, SerializedEvent event, PutEventsRequestEntry entry, long size) {

    static MappedEntry of(int index, SerializedEvent event, EventMapping mapping) {
        List<String> resources = List.copyOf(mapping.resources().apply(event));
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .source(mapping.source())
                .detailType(mapping.detailTypeOf(event))
                .detail(DetailEnvelope.of(event, mapping.schemaVersion()))
                .eventBusName(mapping.eventBusName())
                .time(event.metadata().occurredAt());
        if (!resources.isEmpty()) {
            entry.resources(resources);
        }
        event.metadata().header(Metadata.TRACEPARENT).flatMap(TraceHeaders::fromTraceparent)
                .filter(header -> header.length() <= TraceHeaders.MAX_CHARACTERS)
                .ifPresent(entry::traceHeader);
        PutEventsRequestEntry built = entry.build();
        return new MappedEntry(index, event, built, sizeOf(built));
    }

    /** AWS's documented PutEvents entry size (the {@code TraceHeader} and bus name do not count). */
    static long sizeOf(PutEventsRequestEntry entry) {
        long size = entry.time() != null ? 14 : 0;
        size += utf8Length(entry.source()) + utf8Length(entry.detailType()) + utf8Length(entry.detail());
        if (entry.hasResources()) {
            for (String resource : entry.resources()) {
                size += utf8Length(resource);
            }
        }
        return size;
    }

    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
