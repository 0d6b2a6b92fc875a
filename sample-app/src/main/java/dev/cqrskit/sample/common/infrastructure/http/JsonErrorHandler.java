package dev.cqrskit.sample.common.infrastructure.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.IdGenerator;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jetty's own error answers (a request Jetty refuses before the app sees it: an ambiguous or malformed URI, headers
 * too large, a bad request line) as the app's JSON problem instead of Jetty's HTML page; never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;
    private final IdGenerator ids;

    JsonErrorHandler(ObjectMapper mapper, IdGenerator ids) {
        this.mapper = mapper;
        this.ids = ids;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String correlation = ids.nextId().toString();
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put("X-Content-Type-Options", "nosniff");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(Requests.CORRELATION_HEADER, correlation);
        return ByteBuffer.wrap(json(status, reason, correlation));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        if (response.isCommitted()) {
            return;
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String correlation = ids.nextId().toString();
        response.setContentType("application/json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        response.setHeader(Requests.CORRELATION_HEADER, correlation);
        byte[] body = json(response.getStatus(), message == null ? null : message.toString(), correlation);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private byte[] json(int status, String reason, String correlation) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code(status));
        body.put("message", message(status, reason));
        body.put("correlationId", correlation);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"error\":\"" + code(status) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    private static String message(int status, String reason) {
        return switch (status) {
            case 413 -> "The request body is larger than " + HttpServer.MAX_BODY_BYTES + " bytes.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> {
                if (status >= 500) {
                    yield "Something went wrong on our side.";
                }
                String detail = reason == null ? "" : reason.replaceAll("[^\\x20-\\x7e]", "?");
                yield "The request is malformed" + (detail.isBlank() ? "." : ": "
                        + (detail.length() > 100 ? detail.substring(0, 100) + "..." : detail) + ".");
            }
        };
    }
}
