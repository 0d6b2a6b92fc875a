package dev.cqrskit.core.middleware;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.Request;

/**
 * Decides whether the principal in a message's metadata may send it; used by {@link AuthorizationMiddleware}.
 *
 * <p>Implementations are threadsafe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Decides.
     *
     * @param request  the command or query
     * @param metadata its metadata, with the principal and tenant
     * @return whether it may proceed
     */
    boolean permits(Request<?> request, Metadata metadata);
}
