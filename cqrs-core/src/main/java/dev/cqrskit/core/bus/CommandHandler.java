package dev.cqrskit.core.bus;

import dev.cqrskit.core.Command;

/**
 * Handles one type of command: loads an aggregate, calls it, saves it.
 *
 * <pre>{@code
 * CommandHandler<RegisterUser, UserId> handler = command -> {
 *     User user = User.register(users.nextId(), command.email());
 *     users.save(user);
 *     return user.id();
 * };
 * }</pre>
 * The command's metadata is available from {@link dev.cqrskit.core.MessageContext#current()}.
 *
 * @param <C> the command type
 * @param <R> the result type; {@code Void} handlers return {@code null}
 * @since 0.1.0
 */
@FunctionalInterface
public interface CommandHandler<C extends Command<R>, R> {

    /**
     * Handles a command.
     *
     * @param command the command, never null
     * @return the result
     */
    R handle(C command);
}
