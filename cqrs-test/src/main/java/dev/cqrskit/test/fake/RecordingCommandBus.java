package dev.cqrskit.test.fake;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A {@link CommandBus} that records what is dispatched instead of handling it, for testing the code that sends
 * commands (automations, HTTP actions). Answers are {@code null} unless set with {@link #answer}.
 *
 * <pre>{@code
 * RecordingCommandBus commands = new RecordingCommandBus(new MetadataFactory(clock, ids));
 * commands.answer(RegisterUser.class, command -> USER_ID);
 * new RegisterUserAction(commands).handle(request);
 * assertThat(commands.commands()).containsExactly(new RegisterUser("ada@example.com", "Ada"));
 * }</pre>
 *
 * <p>Like the real bus, a dispatch without metadata continues the conversation of the calling thread (same
 * correlation id, causation id set to the message being handled), and the answer runs with the command's
 * metadata in {@link MessageContext}.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class RecordingCommandBus implements CommandBus {

    private final MetadataFactory metadataFactory;
    private final List<DispatchedCommand> dispatched = new ArrayList<>();
    private final Map<Class<?>, Function<Object, Object>> answers = new ConcurrentHashMap<>();

    /**
     * Creates a bus.
     *
     * @param metadataFactory makes the metadata of dispatches without metadata
     */
    public RecordingCommandBus(MetadataFactory metadataFactory) {
        this.metadataFactory = Objects.requireNonNull(metadataFactory, "metadataFactory must not be null");
    }

    /**
     * Sets the answer to commands of a type (exactly that class); replaces an earlier answer.
     *
     * @param type   the command type
     * @param answer makes the result; may throw to simulate a failing handler
     * @param <C>    the command type
     * @param <R>    the result type
     * @return this bus
     */
    @SuppressWarnings("unchecked")
    public <C extends Command<R>, R> RecordingCommandBus answer(Class<C> type, Function<? super C, ? extends R> answer) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(answer, "answer must not be null");
        answers.put(type, command -> answer.apply((C) command));
        return this;
    }

    @Override
    public <R> R dispatch(Command<R> command) {
        Objects.requireNonNull(command, "command must not be null");
        return handle(command, metadataFactory.next());
    }

    @Override
    public <R> R dispatch(Command<R> command, Metadata metadata) {
        Objects.requireNonNull(command, "command must not be null");
        return handle(command, Objects.requireNonNull(metadata, "metadata must not be null"));
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Executor executor) {
        Objects.requireNonNull(command, "command must not be null");
        return dispatchAsync(command, metadataFactory.next(), executor);
    }

    @Override
    public <R> CompletableFuture<R> dispatchAsync(Command<R> command, Metadata metadata, Executor executor) {
        Objects.requireNonNull(command, "command must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(executor, "executor must not be null");
        return CompletableFuture.supplyAsync(() -> handle(command, metadata), executor);
    }

    @SuppressWarnings("unchecked")
    private <R> R handle(Command<R> command, Metadata metadata) {
        synchronized (dispatched) {
            dispatched.add(new DispatchedCommand(command, metadata));
        }
        Function<Object, Object> answer = answers.get(command.getClass());
        if (answer == null) {
            return null;
        }
        return (R) MessageContext.callWith(metadata, () -> answer.apply(command));
    }

    /** @return every command dispatched so far with its metadata, oldest first; a snapshot */
    public List<DispatchedCommand> dispatched() {
        synchronized (dispatched) {
            return List.copyOf(dispatched);
        }
    }

    /** @return every command dispatched so far, oldest first; a snapshot */
    public List<Command<?>> commands() {
        return dispatched().stream().<Command<?>>map(DispatchedCommand::command).toList();
    }

    /** Forgets the commands dispatched so far; the answers stay. */
    public void clear() {
        synchronized (dispatched) {
            dispatched.clear();
        }
    }
}
