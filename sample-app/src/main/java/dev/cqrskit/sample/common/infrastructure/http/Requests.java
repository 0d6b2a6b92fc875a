package dev.cqrskit.sample.common.infrastructure.http;

import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.Metadata;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * What actions need from a request: its metadata for the buses (the correlation id the request came with, the
 * authenticated principal), the caller, and the client's address. Threadsafe.
 */
public final class Requests {

    /** The header that carries the correlation id in and out. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final String CORRELATION_ATTRIBUTE = "cqrs.correlationId";
    private static final String CALLER_ATTRIBUTE = "cqrs.caller";

    private final BearerAuthentication authentication;
    private final IdGenerator ids;
    private final Clock clock;

    /**
     * Creates the helper.
     *
     * @param authentication checks bearer tokens
     * @param ids            makes message ids
     * @param clock          the time
     */
    public Requests(BearerAuthentication authentication, IdGenerator ids, Clock clock) {
        this.authentication = authentication;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Returns the metadata of a command or query sent for this request: a fresh message id, the request's
     * correlation id, the caller as principal if authenticated.
     *
     * @param ctx the request
     * @return the metadata
     */
    public Metadata metadata(Context ctx) {
        UUID correlation = correlationId(ctx);
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        Metadata.Builder builder = Metadata.builder().messageId(ids.nextId()).correlationId(correlation)
                .occurredAt(clock.instant());
        if (caller != null) {
            builder.principal(caller.userId().toString());
        }
        return builder.build();
    }

    /**
     * Returns the authenticated caller.
     *
     * @param ctx the request
     * @return the caller
     * @throws HttpProblem 401 without a valid bearer token
     */
    public Caller caller(Context ctx) {
        Caller known = ctx.attribute(CALLER_ATTRIBUTE);
        if (known != null) {
            return known;
        }
        String header = ctx.header("Authorization");
        Optional<Caller> caller = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() < 4_096) {
            caller = authentication.authenticate(header.substring(7).strip());
        }
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpProblem(401, "unauthorized", "A valid bearer token is required: log in at POST /auth/token"
                    + " and send 'Authorization: Bearer <token>'.", null);
        }
        ctx.attribute(CALLER_ATTRIBUTE, caller.get());
        return caller.get();
    }

    /**
     * Returns the authenticated caller, who must be an admin.
     *
     * @param ctx the request
     * @return the caller
     * @throws HttpProblem 401 without a valid token, 403 if not an admin
     */
    public Caller admin(Context ctx) {
        Caller caller = caller(ctx);
        if (!caller.admin()) {
            throw new HttpProblem(403, "forbidden", "This endpoint is for admins only.", null);
        }
        return caller;
    }

    /**
     * Returns who is asking, for throttling.
     *
     * @param ctx the request
     * @return the client's address
     */
    public String client(Context ctx) {
        return ctx.ip();
    }

    static UUID correlationId(Context ctx) {
        return ctx.attribute(CORRELATION_ATTRIBUTE);
    }
}
