package dev.cqrskit.sample.user.infrastructure.http;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.common.infrastructure.http.HttpProblem;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.common.infrastructure.http.Route;
import dev.cqrskit.sample.user.application.UsersPage;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** {@code GET /users?page=0&size=20}, admins only: users, oldest first, stable across pages. */
public final class ListUsersAction implements Handler {

    private final QueryBus queries;
    private final Requests requests;

    /**
     * Creates the action.
     *
     * @param queries  the query bus
     * @param requests request helpers
     */
    public ListUsersAction(QueryBus queries, Requests requests) {
        this.queries = queries;
        this.requests = requests;
    }

    /** @return the route */
    public Route route() {
        return new Route(HandlerType.GET, "/users", this);
    }

    @Override
    public void handle(Context ctx) {
        requests.admin(ctx);
        int page = intParam(ctx, "page", 0);
        int size = intParam(ctx, "size", 20);
        ctx.json(queries.dispatch(new UsersPage(page, size), requests.metadata(ctx)));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HttpProblem.badField(name, name + " must be a whole number, but was '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
    }
}
