package dev.cqrskit.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@link ProjectionWrites} of one subscription batch: statements wait in memory and run, in order, as one JDBC
 * batch per run of the same SQL (pgjdbc pipelines a batch, so a thousand upserts cost a few round trips, not a
 * thousand). Each pending statement remembers the event that added it, so a failing one names an event at or after
 * the culprit and the runner can narrow the batch down. Not threadsafe: one runner thread owns it.
 */
final class BatchedWrites implements ProjectionWrites {

    private final Handle handle;
    private final List<Pending> pending = new ArrayList<>();
    private long position;
    private String eventType;
    private boolean open;

    BatchedWrites(Handle handle) {
        this.handle = handle;
    }

    /** Lets the handler of the event at a position add writes, until {@link #close()}. */
    void open(long position, String eventType) {
        this.position = position;
        this.eventType = eventType;
        this.open = true;
    }

    void close() {
        open = false;
    }

    @Override
    public void add(String sql, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(sql, "sql must not be null");
        Objects.requireNonNull(arguments, "arguments must not be null");
        pending.add(new Pending(sql, arguments.clone(), position, eventType));
    }

    @Override
    public Handle handle() {
        requireOpen();
        flush();
        return handle;
    }

    /**
     * Runs the pending writes in the order they were added.
     *
     * @throws HandlerFailedException naming the last event whose write was pending, if a write failed
     */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Pending last = pending.get(pending.size() - 1);
        try {
            int from = 0;
            while (from < pending.size()) {
                String sql = pending.get(from).sql();
                int to = from + 1;
                while (to < pending.size() && pending.get(to).sql().equals(sql)) {
                    to++;
                }
                if (to - from == 1) {
                    handle.execute(sql, pending.get(from).arguments());
                } else {
                    PreparedBatch batch = handle.prepareBatch(sql);
                    for (int i = from; i < to; i++) {
                        batch.add(pending.get(i).arguments());
                    }
                    batch.execute();
                }
                from = to;
            }
        } catch (RuntimeException failure) {
            throw new HandlerFailedException(last.position(), last.eventType(), failure);
        } finally {
            pending.clear();
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("ProjectionWrites used outside the handler call it was passed to; add"
                    + " writes only while ProjectionHandler.handle runs, not from another thread or later.");
        }
    }

    /** A statement waiting for the flush, with the event that added it. */
    private record Pending(String sql, Object[] arguments, long position, String eventType) {
    }
}
