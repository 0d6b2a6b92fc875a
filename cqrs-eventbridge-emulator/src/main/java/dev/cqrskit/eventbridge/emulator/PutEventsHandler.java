package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Answers {@code AWSEvents.PutEvents} over AWS JSON 1.1 the way EventBridge does: request-level validation errors as
 * HTTP 400 with {@code __type}, per-entry problems inside a 200 response, routing of accepted events to rules.
 * Threadsafe: one instance serves every server thread.
 */
final class PutEventsHandler implements HttpHandler {

    static final String JSON_1_1 = "application/x-amz-json-1.1";
    static final int MAX_ENTRIES = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String region;
    private final String account;
    private final int maxRequestBytes;
    private final boolean requireSignatures;
    private final Clock clock;
    private final RuleBook rules;
    private final EventQueue recorded;
    private final Deliveries deliveries;
    private final Supplier<Faults> faults;
    private final Supplier<Random> random;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rejectedRequests = new AtomicLong();

    PutEventsHandler(String region, String account, int maxRequestBytes, boolean requireSignatures, Clock clock,
                     RuleBook rules, EventQueue recorded, Deliveries deliveries, Supplier<Faults> faults,
                     Supplier<Random> random) {
        this.region = region;
        this.account = account;
        this.maxRequestBytes = maxRequestBytes;
        this.requireSignatures = requireSignatures;
        this.clock = clock;
        this.rules = rules;
        this.recorded = recorded;
        this.deliveries = deliveries;
        this.faults = faults;
        this.random = random;
    }

    long requests() {
        return requests.get();
    }

    long rejectedRequests() {
        return rejectedRequests.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null) {
                error(exchange, 400, "UnknownOperationException",
                        "The emulator answers POST requests with the header X-Amz-Target: AWSEvents.PutEvents.");
                return;
            }
            if (!"AWSEvents.PutEvents".equals(target)) {
                error(exchange, 400, "UnknownOperationException", "Operation " + target
                        + " is not supported by the cqrs-kit EventBridge emulator; it supports AWSEvents.PutEvents.");
                return;
            }
            requests.incrementAndGet();
            if (requireSignatures) {
                Optional<Signatures.Rejection> unsigned = Signatures.check(exchange.getRequestHeaders(), region);
                if (unsigned.isPresent()) {
                    rejectedRequests.incrementAndGet();
                    error(exchange, unsigned.get().status(), unsigned.get().type(), unsigned.get().message());
                    return;
                }
            }
            Faults injected = faults.get();
            Random draw = random.get();
            if (!injected.latency().isZero()) {
                sleep(injected);
            }
            if (injected.droppedConnectionRate() > 0 && draw.nextDouble() < injected.droppedConnectionRate()) {
                // Closing before any response header is sent makes the JDK server close the socket.
                rejectedRequests.incrementAndGet();
                return;
            }
            if (injected.everyCallDenied()) {
                rejectedRequests.incrementAndGet();
                injectedFailure(exchange, 403);
                return;
            }
            if (injected.failedRequestRate() > 0 && draw.nextDouble() < injected.failedRequestRate()) {
                rejectedRequests.incrementAndGet();
                injectedFailure(exchange, injected.failedRequestStatus());
                return;
            }
            try {
                putEvents(exchange, body, injected, draw);
            } catch (RuntimeException e) {
                // A bug or an input the emulator does not understand: answer like an AWS 500, never a dropped call.
                rejectedRequests.incrementAndGet();
                error(exchange, 500, "InternalFailure", "The emulator failed on this request: " + e);
            }
        }
    }

    private void putEvents(HttpExchange exchange, byte[] body, Faults injected, Random draw) throws IOException {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "SerializationException", "Request body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode entries = request == null ? null : request.get("Entries");
        if (entries == null || entries.isNull()) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "ValidationException", "1 validation error detected: Value null at 'entries' failed"
                    + " to satisfy constraint: Member must not be null");
            return;
        }
        if (!entries.isArray()) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "SerializationException", "Entries must be a JSON array");
            return;
        }
        if (entries.size() < 1 || entries.size() > MAX_ENTRIES) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "ValidationException", "1 validation error detected: Value '" + entries.size()
                    + " entries' at 'entries' failed to satisfy constraint: Member must have length "
                    + (entries.size() < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_ENTRIES));
            return;
        }
        List<String> violations = EntryChecks.violations(entries);
        if (!violations.isEmpty()) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "ValidationException", EntryChecks.validationMessage(violations));
            return;
        }
        long total = 0;
        for (JsonNode entry : entries) {
            total += EntryChecks.size(entry);
        }
        // AWS: the total entry size must be less than the limit, so a request of exactly the limit is rejected.
        if (total >= maxRequestBytes) {
            rejectedRequests.incrementAndGet();
            error(exchange, 400, "ValidationException", "Total size of the entries in the request is over the limit.");
            return;
        }
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode results = MAPPER.createArrayNode();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = putEntry(entry, injected, draw);
            if (result.has("ErrorCode")) {
                failed++;
            }
            results.add(result);
        }
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        respond(exchange, 200, MAPPER.writeValueAsBytes(response), null);
    }

    private ObjectNode putEntry(JsonNode entry, Faults injected, Random draw) {
        Optional<EntryChecks.Failure> invalid = EntryChecks.failure(entry);
        if (invalid.isPresent()) {
            return failure(invalid.get().code(), invalid.get().message());
        }
        JsonNode detail;
        try {
            detail = MAPPER.readTree(entry.get("Detail").asText());
        } catch (JsonProcessingException e) {
            return failure("MalformedDetail", "Detail is malformed.");
        }
        if (detail == null || !detail.isObject()) {
            return failure("MalformedDetail", "Detail is malformed.");
        }
        if (injected.throttlesDetail(entry.get("Detail").asText())
                || injected.throttledEntryRate() > 0 && draw.nextDouble() < injected.throttledEntryRate()) {
            return failure("ThrottlingException", "Rate exceeded.");
        }
        if (injected.failedEntryRate() > 0 && draw.nextDouble() < injected.failedEntryRate()) {
            return failure("InternalFailure", "Internal failure.");
        }
        List<String> resources = new ArrayList<>();
        JsonNode resourceNodes = entry.get("Resources");
        if (resourceNodes != null && resourceNodes.isArray()) {
            resourceNodes.forEach(resource -> resources.add(resource.asText()));
        }
        Instant time;
        try {
            time = time(entry.get("Time"));
        } catch (RuntimeException e) {
            return failure("InvalidArgument", "Parameter Time is not valid. Reason: " + entry.get("Time")
                    + " is neither epoch seconds nor an ISO-8601 instant.");
        }
        JsonNode trace = entry.get("TraceHeader");
        EmulatedEvent event = new EmulatedEvent(UUID.randomUUID().toString(), entry.get("Source").asText(),
                entry.get("DetailType").asText(), entry.get("Detail").asText(), time, region,
                account, resources, busName(entry.get("EventBusName")),
                Optional.ofNullable(trace == null || trace.isNull() ? null : trace.asText()));
        recorded.deliver(event);
        deliveries.deliver(event, rules.match(event.eventBusName(), envelope(event, detail)));
        ObjectNode result = MAPPER.createObjectNode();
        result.put("EventId", event.id());
        return result;
    }

    private JsonNode envelope(EmulatedEvent event, JsonNode detail) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", event.id());
        envelope.put("detail-type", event.detailType());
        envelope.put("source", event.source());
        envelope.put("account", event.account());
        envelope.put("time", event.time().truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", event.region());
        ArrayNode resources = envelope.putArray("resources");
        event.resources().forEach(resources::add);
        envelope.set("detail", detail);
        return envelope;
    }

    private Instant time(JsonNode time) {
        if (time == null || time.isNull()) {
            return clock.instant();
        }
        if (time.isNumber()) {
            return Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
        }
        String text = time.asText();
        try {
            return Instant.parse(text);
        } catch (RuntimeException notIso) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
        }
    }

    private static String busName(JsonNode bus) {
        if (bus == null || bus.isNull() || bus.asText().isEmpty()) {
            return "default";
        }
        String name = bus.asText();
        int slash = name.lastIndexOf("event-bus/");
        return name.startsWith("arn:") && slash >= 0 ? name.substring(slash + "event-bus/".length()) : name;
    }

    private static ObjectNode failure(String code, String message) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("ErrorCode", code);
        result.put("ErrorMessage", message);
        return result;
    }

    private static void injectedFailure(HttpExchange exchange, int status) throws IOException {
        switch (status) {
            case 400, 429 -> error(exchange, status, "ThrottlingException", "Rate exceeded (injected by the emulator)");
            case 403 -> error(exchange, status, "AccessDeniedException",
                    "User is not authorized to perform: events:PutEvents (injected by the emulator)");
            case 413 -> respond(exchange, 413, new byte[0], null);
            case 500 -> error(exchange, status, "InternalException", "Internal error (injected by the emulator)");
            case 503 -> error(exchange, status, "ServiceUnavailableException",
                    "Service unavailable (injected by the emulator)");
            default -> error(exchange, status, status < 500 ? "ValidationException" : "InternalFailure",
                    "HTTP " + status + " injected by the emulator");
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        respond(exchange, status, MAPPER.writeValueAsBytes(body), type);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String errorType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Faults injected) {
        try {
            Thread.sleep(injected.latency().toMillis(), injected.latency().toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
