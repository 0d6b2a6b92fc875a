package dev.cqrskit.core;

/**
 * Asks the system to change something; handled by exactly one handler on the {@code CommandBus}.
 *
 * <p>Commands are immutable records named as an imperative verb plus a noun, and validate their fields in the
 * compact constructor:
 * <pre>{@code
 * record RegisterUser(String email, String displayName) implements Command<UserId> {
 *     RegisterUser {
 *         Objects.requireNonNull(email, "email must not be null");
 *     }
 * }
 * }</pre>
 * A command that answers nothing implements {@code Command<Void>} and its handler returns {@code null}.
 *
 * @param <R> the type of the result the handler returns
 * @since 0.1.0
 */
public interface Command<R> extends Request<R> {
}
