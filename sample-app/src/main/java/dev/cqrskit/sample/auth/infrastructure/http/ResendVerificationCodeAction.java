package dev.cqrskit.sample.auth.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.sample.auth.application.ResendVerificationCode;
import dev.cqrskit.sample.common.application.Throttle;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;

/**
 * {@code POST /auth/verify/resend {email}}: mails a fresh code to a registered, unverified address, replacing an
 * expired or used-up one. 202 with the same answer whether or not the address is registered; 429 with
 * {@code Retry-After} when throttled, per address and client (so a stranger cannot use up the owner's resends) and
 * per client.
 */
public final class ResendVerificationCodeAction implements Handler {

    /** The one answer. */
    public static final String ANSWER = "If the address is registered and not verified yet, a new code is on its"
            + " way; it replaces the previous one.";

    private final CommandBus commands;
    private final Requests requests;
    private final ObjectMapper mapper;
    private final Throttle perAddress;
    private final Throttle perClient;

    /**
     * Creates the action.
     *
     * @param commands   the command bus
     * @param requests   request helpers
     * @param mapper     the JSON mapper
     * @param perAddress resends per address and client
     * @param perClient  resends per client
     */
    public ResendVerificationCodeAction(CommandBus commands, Requests requests, ObjectMapper mapper,
                                        Throttle perAddress, Throttle perClient) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
        this.perAddress = perAddress;
        this.perClient = perClient;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/auth/verify/resend", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.read(mapper, ctx);
        Email email = new Email(body.string("email"));
        String client = requests.client(ctx);
        perAddress.acquireOrThrow(email.value() + " " + client, "Too many new codes asked for this address.");
        perClient.acquireOrThrow(client, "Too many new codes asked from your address.");
        commands.dispatch(new ResendVerificationCode(email), requests.metadata(ctx));
        ctx.status(202).json(Map.of("message", ANSWER));
    }
}
