package dev.cqrskit.sample.auth.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.application.CreateToken;
import dev.cqrskit.sample.auth.application.IssuedToken;
import dev.cqrskit.sample.auth.application.LoginHandler;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /auth/token {email, password}}: logs in. 200 with a bearer token; 401 for a wrong email or password
 * (the same answer for both); 403 for the right password of an unverified email; 429 with {@code Retry-After}
 * when throttled. Token answers carry {@code Cache-Control: no-store}.
 */
public final class CreateTokenAction implements Handler {

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
    public CreateTokenAction(CommandBus commands, Requests requests, ObjectMapper mapper) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/auth/token", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.read(mapper, ctx);
        CreateToken command = new CreateToken(body.string("email"), body.string("password"), requests.client(ctx));
        Result<IssuedToken> result = commands.dispatch(command, requests.metadata(ctx));
        if (result instanceof Result.Failure<IssuedToken> failure) {
            int status = LoginHandler.EMAIL_NOT_VERIFIED.equals(failure.code()) ? 403 : 401;
            throw new HttpProblem(status, failure.code(), failure.reason(), null);
        }
        IssuedToken token = result.orElseThrow();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token.token());
        answer.put("tokenType", "Bearer");
        answer.put("expiresAt", token.expiresAt().toString());
        ctx.json(answer);
    }
}
