package dev.cqrskit.core.internal;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The metadata of the messages being handled on one thread, innermost last. Not API.
 *
 * <p>A frame holds the metadata of a message if known, and a function that makes the metadata on first request from
 * the metadata of the enclosing frame ({@code null} at the outermost frame). Pushing and popping reuse arrays, so a
 * dispatch whose handler never reads its metadata allocates nothing here. Each thread has its own stack, so no
 * synchronisation is needed. The stack is generic so that this package depends on nothing of the API it serves.
 *
 * @param <M> the metadata type
 */
public final class ContextStack<M> {

    private static final ThreadLocal<ContextStack<Object>> CURRENT = ThreadLocal.withInitial(ContextStack::new);
    private static final int INITIAL_DEPTH = 8;

    private Object[] metadata = new Object[INITIAL_DEPTH];
    private Object[] derivations = new Object[INITIAL_DEPTH];
    private int depth;

    private ContextStack() {
    }

    /**
     * Returns this thread's stack.
     *
     * @param <M> the metadata type the caller stores; every caller in one program stores the same type
     * @return this thread's stack
     */
    @SuppressWarnings("unchecked")
    public static <M> ContextStack<M> current() {
        return (ContextStack<M>) CURRENT.get();
    }

    /**
     * Enters the handling of a message.
     *
     * @param known   its metadata, or {@code null} to make it with {@code derive} when first asked for
     * @param derive  makes the metadata from the enclosing frame's (or {@code null}); may be {@code null} when
     *                {@code known} is not
     */
    public void push(M known, UnaryOperator<M> derive) {
        if (depth == metadata.length) {
            int grown = depth * 2;
            metadata = Arrays.copyOf(metadata, grown);
            derivations = Arrays.copyOf(derivations, grown);
        }
        metadata[depth] = known;
        derivations[depth] = derive;
        depth++;
    }

    /** Leaves the innermost message. */
    public void pop() {
        depth--;
        metadata[depth] = null;
        derivations[depth] = null;
    }

    /** @return the innermost message's metadata, made now if needed, or {@code null} if there is no message */
    public M metadata() {
        return depth == 0 ? null : metadataAt(depth - 1);
    }

    @SuppressWarnings("unchecked")
    private M metadataAt(int index) {
        M known = (M) metadata[index];
        if (known == null) {
            M cause = index == 0 ? null : metadataAt(index - 1);
            known = ((UnaryOperator<M>) derivations[index]).apply(cause);
            metadata[index] = known;
        }
        return known;
    }
}
