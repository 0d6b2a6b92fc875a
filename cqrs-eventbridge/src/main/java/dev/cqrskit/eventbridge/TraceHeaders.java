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

    private static final Pattern XRAY = Pattern.compile(
            "(?:^|;)\\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})\\s*(?:;|$)");
    private static final Pattern XRAY_PARENT = Pattern.compile("(?:^|;)\\s*Parent=([0-9a-f]{16})\\s*(?:;|$)");
    private static final Pattern XRAY_SAMPLED = Pattern.compile("(?:^|;)\\s*Sampled=([01])\\s*(?:;|$)");

    private TraceHeaders() {
    }

    /**
     * The reverse of {@link #fromTraceparent}: {@code Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>} in any
     * order of its parts becomes {@code 00-<trace id>-<parent id>-<01|00>}. A header without a root or a parent (a
     * traceparent needs both) yields nothing.
     */
    static Optional<String> toTraceparent(String traceHeader) {
        if (traceHeader == null || traceHeader.length() > MAX_CHARACTERS) {
            return Optional.empty();
        }
        Matcher root = XRAY.matcher(traceHeader);
        Matcher parent = XRAY_PARENT.matcher(traceHeader);
        if (!root.find() || !parent.find()) {
            return Optional.empty();
        }
        Matcher sampled = XRAY_SAMPLED.matcher(traceHeader);
        boolean isSampled = sampled.find() && sampled.group(1).equals("1");
        return Optional.of("00-" + root.group(1) + root.group(2) + "-" + parent.group(1) + "-"
                + (isSampled ? "01" : "00"));
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
