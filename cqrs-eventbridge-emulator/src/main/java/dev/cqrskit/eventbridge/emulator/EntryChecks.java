package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * EventBridge's checks of PutEvents entries, in the two shapes AWS answers them. Constraints of the API model
 * ({@code EventBusName} length and pattern, {@code TraceHeader} length) fail the whole call with HTTP 400
 * {@code ValidationException}, every violation listed with its 1-based member path. Service checks ({@code Source},
 * {@code DetailType}, {@code Detail}) fail only their entry, inside a successful response. Stateless and threadsafe.
 */
final class EntryChecks {

    static final int MAX_DETAIL_TYPE_CHARACTERS = 128;
    static final int MAX_TRACE_HEADER_CHARACTERS = 500;
    static final int MAX_EVENT_BUS_NAME_CHARACTERS = 1600;
    /** The {@code EventBusName} pattern of the PutEvents API model: a name, or the ARN of a bus. */
    static final String EVENT_BUS_NAME_PATTERN =
            "(arn:aws[\\w-]*:events:[a-z]{2}-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+";
    private static final Pattern EVENT_BUS_NAME = Pattern.compile(EVENT_BUS_NAME_PATTERN);

    private EntryChecks() {
    }

    /** An entry's failure, as {@code ErrorCode} and {@code ErrorMessage} of its result. */
    record Failure(String code, String message) {
    }

    /** Returns the model-constraint violations of every entry, in AWS's wording, empty when there are none. */
    static List<String> violations(JsonNode entries) {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String member = "entries." + (i + 1) + ".member.";
            String bus = text(entry, "EventBusName");
            if (bus != null) {
                if (bus.isEmpty()) {
                    violations.add(violation(bus, member + "eventBusName", "Member must have length greater than or"
                            + " equal to 1"));
                } else if (bus.length() > MAX_EVENT_BUS_NAME_CHARACTERS) {
                    violations.add(violation(bus, member + "eventBusName", "Member must have length less than or"
                            + " equal to " + MAX_EVENT_BUS_NAME_CHARACTERS));
                } else if (!EVENT_BUS_NAME.matcher(bus).matches()) {
                    violations.add(violation(bus, member + "eventBusName", "Member must satisfy regular expression"
                            + " pattern: " + EVENT_BUS_NAME_PATTERN));
                }
            }
            String trace = text(entry, "TraceHeader");
            if (trace != null) {
                if (trace.isEmpty()) {
                    violations.add(violation(trace, member + "traceHeader", "Member must have length greater than or"
                            + " equal to 1"));
                } else if (trace.length() > MAX_TRACE_HEADER_CHARACTERS) {
                    violations.add(violation(trace, member + "traceHeader", "Member must have length less than or"
                            + " equal to " + MAX_TRACE_HEADER_CHARACTERS));
                }
            }
        }
        return violations;
    }

    /** Returns AWS's {@code ValidationException} message for the violations: a count, then each one. */
    static String validationMessage(List<String> violations) {
        return violations.size() + " validation error" + (violations.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations);
    }

    /** Returns why EventBridge fails this entry on its own, or empty when it passes the service's checks. */
    static Optional<Failure> failure(JsonNode entry) {
        for (String required : List.of("Source", "DetailType", "Detail")) {
            String value = text(entry, required);
            if (value == null || value.isEmpty()) {
                return Optional.of(new Failure("InvalidArgument", "Parameter " + required + " is not valid. Reason: "
                        + required + " is a required argument."));
            }
        }
        if (text(entry, "Source").startsWith("aws.")) {
            // Sources under aws. belong to AWS services; a custom PutEvents may not use them.
            return Optional.of(new Failure("NotAuthorizedForSourceException", "Not authorized for the source."));
        }
        String detailType = text(entry, "DetailType");
        if (detailType.length() > MAX_DETAIL_TYPE_CHARACTERS) {
            return Optional.of(new Failure("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType"
                    + " has " + detailType.length() + " characters, more than the maximum of "
                    + MAX_DETAIL_TYPE_CHARACTERS + "."));
        }
        return Optional.empty();
    }

    /** AWS's PutEvents entry size: 14 bytes for a Time, plus the UTF-8 bytes of Source, DetailType, Detail, Resources. */
    static long size(JsonNode entry) {
        long size = 0;
        JsonNode time = entry.get("Time");
        if (time != null && !time.isNull()) {
            size += 14;
        }
        size += utf8(entry.get("Source")) + utf8(entry.get("DetailType")) + utf8(entry.get("Detail"));
        JsonNode resources = entry.get("Resources");
        if (resources != null && resources.isArray()) {
            for (JsonNode resource : resources) {
                size += utf8(resource);
            }
        }
        return size;
    }

    private static long utf8(JsonNode text) {
        return text == null || text.isNull() ? 0 : text.asText().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() || !value.isTextual() ? null : value.asText();
    }

    private static String violation(String value, String path, String constraint) {
        return "Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint;
    }
}
