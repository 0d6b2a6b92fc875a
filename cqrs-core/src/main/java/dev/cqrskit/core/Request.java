package dev.cqrskit.core;

/**
 * Marks a message that asks for an answer of type {@code R}: a {@link Command} or a {@link Query}.
 *
 * <p>Middleware sees every command and query through this one type, so a single middleware serves both buses.
 * Implement {@link Command} or {@link Query}, not this interface directly.
 *
 * @param <R> the type of the answer
 * @since 0.1.0
 */
public interface Request<R> {
}
