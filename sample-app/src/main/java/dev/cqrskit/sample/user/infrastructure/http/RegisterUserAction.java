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
import dev.cqrskit.sample.user.application.UserDirectory;
import dev.cqrskit.sample.user.domain.DisplayName;
import dev.cqrskit.sample.user.domain.Role;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.Map;

/**
 * {@code POST /users {email, password, displayName}}: registers a user; 201 with the id, 409 if the email is taken;
 * 429 with {@code Retry-After} when the client registered too often (every well-formed try counts).
 *
 * <p>Read-your-writes: the 201 comes once the admin user list ({@link UserDirectory}, a read model) shows the new
 * user, so an admin who lists users right after sees them. If the list does not catch up within its bound the user
 * is registered all the same: the answer is still 201, with {@value #LAG_HEADER}{@code : user-directory} to say the
 * list may not show the user yet.
 */
public final class RegisterUserAction implements Handler {

    /** The header of a 201 whose user the admin list may not show yet. */
    public static final String LAG_HEADER = "X-Read-Model-Lag";

    private final CommandBus commands;
    private final Requests requests;
    private final ObjectMapper mapper;
    private final Throttle clients;
    private final UserDirectory directory;

    /**
     * Creates the action.
     *
     * @param commands  the command bus
     * @param requests  request helpers
     * @param mapper    the JSON mapper
     * @param clients   registrations per client
     * @param directory the admin user list, awaited before answering
     */
    public RegisterUserAction(CommandBus commands, Requests requests, ObjectMapper mapper, Throttle clients,
                              UserDirectory directory) {
        this.commands = commands;
        this.requests = requests;
        this.mapper = mapper;
        this.clients = clients;
        this.directory = directory;
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
        // tag::read-your-writes[]
        UserId id = commands.dispatch(command, requests.metadata(ctx));
        // The dispatch has committed; the head of the user's stream is now at least the registration.
        if (!directory.awaitUser(id)) {
            ctx.header(LAG_HEADER, "user-directory");
        }
        // end::read-your-writes[]
        ctx.status(201).header("Location", "/users/" + id).json(Map.of("id", id.toString()));
    }
}
