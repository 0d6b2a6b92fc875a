package dev.cqrskit.sample.user.infrastructure.http;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.common.infrastructure.http.Caller;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import dev.cqrskit.sample.user.application.UserById;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** {@code GET /users/me} with a bearer token: the caller's own user. */
public final class GetMeAction implements Handler {

    private final QueryBus queries;
    private final Requests requests;

    /**
     * Creates the action.
     *
     * @param queries  the query bus
     * @param requests request helpers
     */
    public GetMeAction(QueryBus queries, Requests requests) {
        this.queries = queries;
        this.requests = requests;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.GET, "/users/me", this);
    }

    @Override
    public void handle(Context ctx) {
        Caller caller = requests.caller(ctx);
        ctx.json(queries.dispatch(new UserById(caller.userId()), requests.metadata(ctx))
                .orElseThrow(() -> new HttpProblem(404, "not-found", "Your user no longer exists.", null)));
    }
}
