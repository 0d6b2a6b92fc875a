package dev.cqrskit.sample.user.infrastructure.http;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import dev.cqrskit.sample.user.application.UserById;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** {@code GET /users/{id}}, admins only: one user. */
public final class GetUserAction implements Handler {

    private final QueryBus queries;
    private final Requests requests;

    /**
     * Creates the action.
     *
     * @param queries  the query bus
     * @param requests request helpers
     */
    public GetUserAction(QueryBus queries, Requests requests) {
        this.queries = queries;
        this.requests = requests;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.GET, "/users/{id}", this);
    }

    @Override
    public void handle(Context ctx) {
        requests.admin(ctx);
        UserId id = UserId.from(ctx.pathParam("id"));
        ctx.json(queries.dispatch(new UserById(id), requests.metadata(ctx))
                .orElseThrow(() -> new HttpProblem(404, "not-found", "No user has id " + id + ".", null)));
    }
}
