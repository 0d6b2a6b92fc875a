package dev.cqrskit.sample.common.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.CqrsException;
import dev.cqrskit.core.domain.AggregateNotFoundException;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.core.middleware.AccessDeniedException;
import dev.cqrskit.core.middleware.LoggingMiddleware;
import dev.cqrskit.core.middleware.RequestValidationException;
import dev.cqrskit.sample.common.application.TooManyAttemptsException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP server: Javalin on Jetty, one action class per route, JSON errors for every failure.
 *
 * <p>Every request gets a correlation id (the incoming {@code X-Correlation-Id} if it is a UUID, else a new one),
 * echoed in the response and put in the MDC. Client errors answer 4xx with {@code {"error", "message", "field"}};
 * anything unexpected answers 500 with a generic message and is logged with its stack. Bodies over
 * {@link #MAX_BODY_BYTES} are refused with 413.
 */
public final class HttpServer implements AutoCloseable {

    /** The largest request body accepted. */
    public static final long MAX_BODY_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final String BODY_ATTRIBUTE = "cqrs.body";

    private final Javalin javalin;
    private final IdGenerator ids;

    /**
     * Creates the server; {@link #start} opens the port.
     *
     * @param mapper the JSON mapper
     * @param ids    makes correlation ids
     * @param routes the endpoints
     */
    public HttpServer(ObjectMapper mapper, IdGenerator ids, List<Route> routes) {
        this.ids = ids;
        this.javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.router.ignoreTrailingSlashes = true;
            JsonErrorHandler errors = new JsonErrorHandler(mapper, ids);
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
        });
        javalin.before(this::enter);
        javalin.after(ctx -> MDC.remove(LoggingMiddleware.CORRELATION_ID));
        for (Route route : routes) {
            javalin.addHttpHandler(route.method(), route.path(), route.handler());
            if (route.method() == HandlerType.GET) {
                // Javalin answers HEAD itself (200, no handler run) unless told: run the GET route, auth and all.
                javalin.addHttpHandler(HandlerType.HEAD, route.path(), route.handler());
            }
        }
        // Javalin answers its own HTTP exceptions (unknown endpoint, body too large) in plain text unless told.
        javalin.exception(HttpResponseException.class, (failure, ctx) -> answer(ctx, failure));
        javalin.exception(Exception.class, (failure, ctx) -> answer(ctx, failure));
    }

    /**
     * Opens the port.
     *
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return this server
     */
    public HttpServer start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    /** @return the port it listens on */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private void enter(Context ctx) {
        UUID correlation = parse(ctx.header(Requests.CORRELATION_HEADER));
        if (correlation == null) {
            correlation = ids.nextId();
        }
        ctx.attribute(Requests.CORRELATION_ATTRIBUTE, correlation);
        ctx.header(Requests.CORRELATION_HEADER, correlation.toString());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        MDC.put(LoggingMiddleware.CORRELATION_ID, correlation.toString());
        RequestTargets.check(ctx.req().getRequestURI(), ctx.req().getQueryString());
        ctx.attribute(BODY_ATTRIBUTE, readBounded(ctx));
    }

    /**
     * Returns the request's body as read, bounded, before the route ran.
     *
     * @param ctx the request
     * @return the bytes, empty if there were none
     */
    static byte[] body(Context ctx) {
        byte[] body = ctx.attribute(BODY_ATTRIBUTE);
        return body == null ? new byte[0] : body;
    }

    // Counts the bytes actually read: a chunked body has no Content-Length for Javalin's own check to see.
    private static byte[] readBounded(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes((int) MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new HttpProblem(400, "unreadable-body", "The request body could not be read.", null);
        }
    }

    private static HttpProblem tooLarge() {
        return new HttpProblem(413, "payload-too-large", "The request body is larger than " + MAX_BODY_BYTES
                + " bytes.", null);
    }

    private static UUID parse(String header) {
        if (header == null || header.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(header);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void answer(Context ctx, Exception failure) {
        if (failure instanceof TooManyAttemptsException throttled) {
            long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            problem(ctx, 429, "too-many-attempts", throttled.reason() + " Retry after " + seconds + " seconds.", null);
        } else if (failure instanceof HttpProblem problem) {
            problem(ctx, problem.status(), problem.code(), problem.getMessage(), problem.field());
        } else if (failure instanceof InvalidValueException invalid) {
            problem(ctx, 400, "invalid-value", invalid.reason(), invalid.field());
        } else if (failure instanceof RequestValidationException invalid) {
            problem(ctx, 400, "invalid-request", invalid.getMessage(), null);
        } else if (failure instanceof ConcurrencyConflictException) {
            problem(ctx, 409, "conflict", "The resource changed while the request ran; send it again.", null);
        } else if (failure instanceof AggregateNotFoundException) {
            problem(ctx, 404, "not-found", "No such resource.", null);
        } else if (failure instanceof AccessDeniedException) {
            problem(ctx, 403, "forbidden", failure.getMessage(), null);
        } else if (failure instanceof DomainException refused) {
            problem(ctx, Problems.statusOf(refused), Problems.codeOf(refused), refused.reason(), null);
        } else if (failure instanceof HttpResponseException http) {
            int status = http.getStatus();
            if (status == 404) {
                problem(ctx, 404, "not-found", "No endpoint " + ctx.method() + " " + ctx.path() + ".", null);
            } else if (status == 413) {
                problem(ctx, 413, "payload-too-large", "The request body is larger than " + MAX_BODY_BYTES
                        + " bytes.", null);
            } else {
                problem(ctx, status, "http-" + status, http.getMessage(), null);
            }
        } else {
            String kind = failure instanceof CqrsException ? "library failure" : "unexpected failure";
            LOG.error("{} handling {} {}", kind, ctx.method(), ctx.path(), failure);
            problem(ctx, 500, "internal", "Something went wrong on our side; the correlation id identifies it"
                    + " in our logs.", null);
        }
    }

    private static void problem(Context ctx, int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        UUID correlation = Requests.correlationId(ctx);
        if (correlation != null) {
            body.put("correlationId", correlation.toString());
        }
        ctx.status(status).json(body);
    }
}
