package dev.cqrskit.sample.auth.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.application.VerifyEmail;
import dev.cqrskit.sample.common.application.Throttle;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;

/**
 * {@code POST /auth/verify {email, code}}: proves the email; 200, or one 400 {@code wrong-code} for every failure
 * (unknown address, wrong, expired or used-up code), so the answer does not tell whether an address is registered.
 * Wrong tries are throttled per client as well as per code: 429 with {@code Retry-After}.
 */
public final class VerifyEmailAction implements Handler {

    private final CommandBus commands;
    private final Requests requests;
    private final ObjectMapper mapper;
    private final Throttle clients;

    /**
     * Creates the action.
     *
     * @param commands the command bus
     * @param requests request helpers
     * @param mapper   the JSON mapper
     * @param clients  wrong tries per client
     */
    public VerifyEmailAction(CommandBus commands, Requests requests, ObjectMapper mapper, Throttle clients) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
        this.clients = clients;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/auth/verify", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.read(mapper, ctx);
        VerifyEmail command = new VerifyEmail(new Email(body.string("email")), body.string("code"));
        String client = requests.client(ctx);
        clients.acquireOrThrow(client, "Too many wrong codes from your address.");
        Result<Void> result = commands.dispatch(command, requests.metadata(ctx));
        if (result instanceof Result.Failure<Void> failure) {
            throw new HttpProblem(400, failure.code(), failure.reason(), "code");
        }
        clients.release(client);
        ctx.json(Map.of("verified", true));
    }
}
