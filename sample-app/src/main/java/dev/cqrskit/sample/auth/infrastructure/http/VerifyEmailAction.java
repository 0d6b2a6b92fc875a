package dev.cqrskit.sample.auth.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.application.VerifyEmail;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;

/** {@code POST /auth/verify {email, code}}: proves the email; 200, or 400 with why (wrong, expired, no tries left). */
public final class VerifyEmailAction implements Handler {

    private final CommandBus commands;
    private final Requests requests;
    private final ObjectMapper mapper;

    /**
     * Creates the action.
     *
     * @param commands the command bus
     * @param requests request helpers
     * @param mapper   the JSON mapper
     */
    public VerifyEmailAction(CommandBus commands, Requests requests, ObjectMapper mapper) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/auth/verify", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        VerifyEmail command = new VerifyEmail(new Email(body.string("email")), body.string("code"));
        Result<Void> result = commands.dispatch(command, requests.metadata(ctx));
        if (result instanceof Result.Failure<Void> failure) {
            throw new HttpProblem(400, failure.code(), failure.reason(), "code");
        }
        ctx.json(Map.of("verified", true));
    }
}
