package dev.cqrskit.sample.user.application;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.spi.QueryCache;
import dev.cqrskit.core.middleware.QueryCaching;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.UserEvent;
import dev.cqrskit.sample.user.domain.Users;

/** Registers the user context's query handlers and the cache rules that keep them fresh. */
public final class UserQueries {

    private UserQueries() {
    }

    /**
     * Registers the handlers.
     *
     * @param builder the query bus being built
     * @param views   the read side
     * @param users   the users, for credentials
     * @return the builder
     */
    public static QueryBus.Builder register(QueryBus.Builder builder, UserViews views, Users users) {
        return builder
                .handle(CredentialsByEmail.class, query -> users.findByEmail(query.email())
                        .map(user -> new Credentials(user.id(), user.role(), user.passwordHash(),
                                user.passwordChangedAt(), user.emailVerified())))
                .handle(AccessByUserId.class, query -> views.access(query.userId()))
                .handle(UserById.class, query -> views.find(query.userId()))
                .handle(UsersPage.class, query -> views.page(query.page(), query.size()));
    }

    /**
     * Returns the caching of user queries: a user's view is evicted by any event of that user. Pages of the user list
     * are not cached: they come from a read model that catches up after the commit, so a page cached between the
     * commit and the catching up would stay stale; the read model is the fast path. Register
     * {@link QueryCaching#invalidator()} for {@link DomainEvent} on the event bus that sees the committed events.
     *
     * @param cache where answers are kept
     * @return the caching
     */
    public static QueryCaching caching(QueryCache cache) {
        return QueryCaching.builder(cache)
                .cache(UserById.class)
                .evictOn(UserEvent.class, UserById.class, event -> new UserById(new UserId(event.userId())))
                .build();
    }
}
