package dev.cqrskit.core.internal;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;

import java.util.Arrays;

/**
 * The messages being handled on one thread, innermost last. Not API.
 *
 * <p>A frame holds the message, its metadata if known, and the factory that makes the metadata on first request.
 * Pushing and popping reuse arrays, so a dispatch whose handler never reads its metadata allocates nothing here.
 * Each thread has its own stack, so no synchronisation is needed.
 */
public final class ContextStack {

    private static final ThreadLocal<ContextStack> CURRENT = ThreadLocal.withInitial(ContextStack::new);
    private static final int INITIAL_DEPTH = 8;

    private Object[] messages = new Object[INITIAL_DEPTH];
    private Metadata[] metadata = new Metadata[INITIAL_DEPTH];
    private MetadataFactory[] factories = new MetadataFactory[INITIAL_DEPTH];
    private int depth;

    private ContextStack() {
    }

    /** @return this thread's stack */
    public static ContextStack current() {
        return CURRENT.get();
    }

    /**
     * Enters the handling of a message.
     *
     * @param message  the message
     * @param known    its metadata, or {@code null} to make it from {@code factory} when first asked for
     * @param factory  the factory for metadata made on demand; may be {@code null} when {@code known} is not
     */
    public void push(Object message, Metadata known, MetadataFactory factory) {
        if (depth == messages.length) {
            int grown = depth * 2;
            messages = Arrays.copyOf(messages, grown);
            metadata = Arrays.copyOf(metadata, grown);
            factories = Arrays.copyOf(factories, grown);
        }
        messages[depth] = message;
        metadata[depth] = known;
        factories[depth] = factory;
        depth++;
    }

    /** Leaves the innermost message. */
    public void pop() {
        depth--;
        messages[depth] = null;
        metadata[depth] = null;
        factories[depth] = null;
    }

    /** @return whether a message is being handled on this thread */
    public boolean isEmpty() {
        return depth == 0;
    }

    /** @return the innermost message, or {@code null} */
    public Object message() {
        return depth == 0 ? null : messages[depth - 1];
    }

    /** @return the innermost message's metadata, made now if needed, or {@code null} if there is no message */
    public Metadata metadata() {
        return depth == 0 ? null : metadataAt(depth - 1);
    }

    private Metadata metadataAt(int index) {
        Metadata known = metadata[index];
        if (known == null) {
            Metadata cause = index == 0 ? null : metadataAt(index - 1);
            MetadataFactory factory = factories[index];
            known = cause == null ? factory.root() : factory.causedBy(cause);
            metadata[index] = known;
        }
        return known;
    }
}
