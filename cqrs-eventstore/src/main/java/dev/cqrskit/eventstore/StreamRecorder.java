package dev.cqrskit.eventstore;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.outbox.EventRecorder;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Appends a state-stored aggregate's saved events to its stream (and, through a publishing store, the outbox) on
 * the repository's handle. {@link EventStore#recorder} explains the expected versions. Threadsafe.
 */
final class StreamRecorder implements EventRecorder {

    private final EventStore store;

    StreamRecorder(EventStore store) {
        this.store = store;
    }

    @Override
    public void record(Handle handle, String orderingKey, long aggregateVersion,
                       List<? extends EventMessage<?>> messages) {
        if (messages.isEmpty()) {
            return;
        }
        ExpectedVersion expected = aggregateVersion == AggregateRoot.NEW ? ExpectedVersion.noStream()
                : ExpectedVersion.any();
        store.append(handle, orderingKey, expected, messages);
    }
}
