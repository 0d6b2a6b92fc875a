package dev.cqrskit.sample.user.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.common.infrastructure.http.JsonBody;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import dev.cqrskit.sample.user.application.RegisterUser;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.Role;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;

/** {@code POST /users {email, password, displayName}}: registers a user; 201 with the id, 409 if the email is taken. */
public final class RegisterUserAction implements Handler {

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
    public RegisterUserAction(CommandBus commands, Requests requests, ObjectMapper mapper) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/users", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        RegisterUser command = new RegisterUser(new Email(body.string("email")), body.string("password"),
                new DisplayName(body.string("displayName")), Role.USER);
        UserId id = commands.dispatch(command, requests.metadata(ctx));
        ctx.status(201).header("Location", "/users/" + id).json(Map.of("id", id.toString()));
    }
}
