package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Request;

import java.util.Objects;

/**
 * Asks an {@link Authorizer} before each handler runs and throws {@link AccessDeniedException} when it refuses.
 *
 * <p>Put it after validation and before transactions. Threadsafe if the authorizer is.
 *
 * @since 0.1.0
 */
public final class AuthorizationMiddleware implements Middleware {

    private final Authorizer authorizer;

    /**
     * Creates the middleware.
     *
     * @param authorizer decides
     */
    public AuthorizationMiddleware(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        Metadata metadata = MessageContext.require();
        if (!authorizer.permits(request, metadata)) {
            throw new AccessDeniedException("Principal '" + metadata.principal().orElse("(anonymous)")
                    + "' may not send " + request.getClass().getSimpleName()
                    + " (message id " + metadata.messageId() + ").");
        }
        return next.invoke(request);
    }
}
