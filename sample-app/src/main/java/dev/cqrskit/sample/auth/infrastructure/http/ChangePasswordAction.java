package dev.cqrskit.sample.auth.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.common.infrastructure.http.Caller;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import dev.cqrskit.sample.user.application.ChangePassword;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * {@code PATCH /auth/password {currentPassword, newPassword}} with a bearer token: 204; 403 if the current password
 * is wrong; 400 if the new one is weak. Tokens issued before the change stop working.
 */
public final class ChangePasswordAction implements Handler {

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
    public ChangePasswordAction(CommandBus commands, Requests requests, ObjectMapper mapper) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.PATCH, "/auth/password", this);
    }

    @Override
    public void handle(Context ctx) {
        Caller caller = requests.caller(ctx);
        JsonBody body = JsonBody.read(mapper, ctx);
        ChangePassword command = new ChangePassword(caller.userId(), body.string("currentPassword"),
                body.string("newPassword"));
        Result<Void> result = commands.dispatch(command, requests.metadata(ctx));
        if (result instanceof Result.Failure<Void> failure) {
            throw new HttpProblem(403, failure.code(), failure.reason(), "currentPassword");
        }
        ctx.status(204);
    }
}
