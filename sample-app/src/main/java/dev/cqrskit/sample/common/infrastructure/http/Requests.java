package dev.cqrskit.sample.common.infrastructure.http;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.sample.common.application.AuditLog;
import io.javalin.http.Context;

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
    private final MetadataFactory metadataFactory;
    private final AuditLog audit;

    /**
     * Creates the helper.
     *
     * @param authentication checks bearer tokens
     * @param metadataFactory makes the metadata of the messages sent for a request
     * @param audit          records admin access
     */
    public Requests(BearerAuthentication authentication, MetadataFactory metadataFactory, AuditLog audit) {
        this.authentication = authentication;
        this.metadataFactory = metadataFactory;
        this.audit = audit;
    }

    /**
     * Returns the metadata of a command or query sent for this request: a fresh message id, the request's
     * correlation id, the caller as principal if authenticated.
     *
     * @param ctx the request
     * @return the metadata
     */
    public Metadata metadata(Context ctx) {
        Metadata metadata = metadataFactory.forCorrelation(correlationId(ctx));
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        return caller == null ? metadata : metadata.withPrincipal(caller.userId().toString());
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
     * Returns the authenticated caller, who must be an admin now (the role is read from the database, not the
     * token); the access, granted or denied, goes to the audit log.
     *
     * @param ctx the request
     * @return the caller
     * @throws HttpProblem 401 without a valid token, 403 if not an admin
     */
    public Caller admin(Context ctx) {
        Caller caller = caller(ctx);
        if (!caller.admin()) {
            audit.record("admin.denied", "user", caller.userId(), "method", ctx.method(), "path", ctx.path(),
                    "client", client(ctx));
            throw new HttpProblem(403, "forbidden", "This endpoint is for admins only.", null);
        }
        audit.record("admin.read", "admin", caller.userId(), "method", ctx.method(), "path", ctx.path(),
                "client", client(ctx));
        return caller;
    }

    /**
     * Returns who is asking, for throttling: the peer's address. Behind a proxy every client shares the proxy's
     * address; trust a forwarded header only from a proxy you run (not done here).
     *
     * @param ctx the request
     * @return the client's address
     */
    public String client(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    static UUID correlationId(Context ctx) {
        return ctx.attribute(CORRELATION_ATTRIBUTE);
    }
}
