package dev.cqrskit.core.spi;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.Request;

/**
 * Wraps the handling of commands and queries: logging, validation, transactions, retries, metrics, authorization,
 * caching, or anything of your own.
 *
 * <p>One model serves both buses. The buses compose the middleware once, when they are built, into one chain per
 * message type; a dispatch then walks prebuilt links and allocates nothing for them. The middleware added first is
 * the outermost. A middleware calls {@code next.invoke(request)} to continue, and may skip the call (a cache hit),
 * call it again (a retry), or throw.
 * <pre>{@code
 * Middleware timing = (request, next) -> {
 *     long start = System.nanoTime();
 *     try {
 *         return next.invoke(request);
 *     } finally {
 *         log.info("{} took {} ns", request.getClass().getSimpleName(), System.nanoTime() - start);
 *     }
 * };
 * }</pre>
 * The message's metadata is available from {@link dev.cqrskit.core.MessageContext#current()}.
 *
 * <p>Implementations must be threadsafe: one instance serves every dispatch on every thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Handles a request, usually by calling {@code next}.
     *
     * @param request the command or query, never null
     * @param next    the rest of the chain, ending at the handler
     * @return the result to give the caller
     */
    Object invoke(Request<?> request, Next next);

    /**
     * Says, when the bus is built, whether this middleware takes part in handling a message type. The default
     * applies to every type; a middleware that returns {@code false} costs nothing for that type.
     *
     * @param requestType the concrete command or query class
     * @return whether to include this middleware in that type's chain
     */
    default boolean appliesTo(Class<?> requestType) {
        return true;
    }

    /**
     * The rest of a middleware chain.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Next {

        /**
         * Passes the request on to the next middleware, or to the handler.
         *
         * @param request the request
         * @return the handler's result
         */
        Object invoke(Request<?> request);
    }
}
