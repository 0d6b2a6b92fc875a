package dev.cqrskit.sample.user.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.sample.common.application.Throttle;
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

/**
 * {@code POST /users {email, password, displayName}}: registers a user; 201 with the id, 409 if the email is taken;
 * 429 with {@code Retry-After} when the client registered too often (every well-formed try counts).
 */
public final class RegisterUserAction implements Handler {

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
     * @param clients  registrations per client
     */
    public RegisterUserAction(CommandBus commands, Requests requests, ObjectMapper mapper, Throttle clients) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
        this.clients = clients;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.POST, "/users", this);
    }

    @Override
    public void handle(Context ctx) {
        JsonBody body = JsonBody.read(mapper, ctx);
        RegisterUser command = new RegisterUser(new Email(body.string("email")), body.string("password"),
                new DisplayName(body.string("displayName")), Role.USER);
        clients.acquireOrThrow(requests.client(ctx), "Too many registrations from your address.");
        UserId id = commands.dispatch(command, requests.metadata(ctx));
        ctx.status(201).header("Location", "/users/" + id).json(Map.of("id", id.toString()));
    }
}
