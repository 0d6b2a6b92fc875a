package dev.cqrskit.core;

import dev.cqrskit.core.internal.ContextStack;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives handlers, subscribers and middleware the metadata of the message they are handling.
 *
 * <p>The buses set the context for the duration of a dispatch on the dispatching thread, so a handler keeps its
 * one-argument signature and still reads its metadata:
 * <pre>{@code
 * CommandHandler<ChangePassword, Void> handler = command -> {
 *     String who = MessageContext.current().flatMap(Metadata::principal).orElse("anonymous");
 *     ...
 * };
 * }</pre>
 * Commands dispatched from inside a handler or subscriber continue the conversation: same correlation id,
 * causation id set to the current message. Work handed to another thread does not inherit the context; use
 * {@code dispatchAsync} or {@link #callWith(Metadata, Supplier)} there. See {@code docs/adr/0001-message-context.md}.
 *
 * <p>This class is threadsafe: each thread sees its own context.
 *
 * @since 0.1.0
 */
public final class MessageContext {

    private MessageContext() {
    }

    /**
     * Returns the metadata of the message being handled on this thread.
     *
     * @return the metadata, or empty outside any handler
     */
    public static Optional<Metadata> current() {
        return Optional.ofNullable(ContextStack.<Metadata>current().metadata());
    }

    /**
     * Returns the metadata of the message being handled on this thread, or fails.
     *
     * @return the metadata
     * @throws IllegalStateException outside any handler
     */
    public static Metadata require() {
        Metadata metadata = ContextStack.<Metadata>current().metadata();
        if (metadata == null) {
            throw new IllegalStateException("No message is being handled on this thread. MessageContext is set by"
                    + " CommandBus, QueryBus and EventBus while a handler runs; to set it elsewhere (a consumer of"
                    + " an external message, another thread), wrap the work in MessageContext.callWith(metadata, ...).");
        }
        return metadata;
    }

    /**
     * Runs work as the handling of a message with the given metadata, for example a consumer of a message that
     * arrived from a broker, so that the commands it dispatches continue that message's conversation.
     *
     * @param metadata the metadata of the message being handled
     * @param work     the work
     * @param <T>      the work's result type
     * @return what the work returned
     */
    public static <T> T callWith(Metadata metadata, Supplier<T> work) {
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(work, "work must not be null");
        ContextStack<Metadata> stack = ContextStack.current();
        stack.push(metadata, null);
        try {
            return work.get();
        } finally {
            stack.pop();
        }
    }

    /**
     * Runs work as the handling of a message with the given metadata; see {@link #callWith(Metadata, Supplier)}.
     *
     * @param metadata the metadata of the message being handled
     * @param work     the work
     */
    public static void runWith(Metadata metadata, Runnable work) {
        Objects.requireNonNull(work, "work must not be null");
        callWith(metadata, () -> {
            work.run();
            return null;
        });
    }
}
