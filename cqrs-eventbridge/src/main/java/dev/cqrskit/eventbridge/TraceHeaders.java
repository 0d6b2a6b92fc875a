package dev.cqrskit.eventbridge;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a W3C {@code traceparent} into the X-Ray trace header EventBridge's {@code TraceHeader} expects:
 * {@code 00-<32 hex trace id>-<16 hex parent id>-<flags>} becomes
 * {@code Root=1-<first 8 hex>-<last 24 hex>;Parent=<parent id>;Sampled=<0|1>}. Anything else yields no header, so a
 * malformed trace context never fails an event. Stateless and threadsafe.
 */
final class TraceHeaders {

    /** EventBridge's limit on a {@code TraceHeader}; the X-Ray form of a traceparent is 74 characters. */
    static final int MAX_CHARACTERS = 500;

    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{8})([0-9a-f]{24})-([0-9a-f]{16})-([0-9a-f]{2})");

    private TraceHeaders() {
    }

    static Optional<String> fromTraceparent(String traceparent) {
        Matcher matcher = TRACEPARENT.matcher(traceparent.trim());
        if (!matcher.matches() || traceparent.trim().startsWith("ff")) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(matcher.group(4), 16) & 1) == 1;
        return Optional.of("Root=1-" + matcher.group(1) + "-" + matcher.group(2) + ";Parent=" + matcher.group(3)
                + ";Sampled=" + (sampled ? "1" : "0"));
    }
}
