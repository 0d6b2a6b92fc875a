package dev.cqrskit.sample.common.infrastructure;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.middleware.Middleware;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hands the events a command saved to in-process subscribers once its transaction has committed, so the query cache
 * is evicted right away (the same events also leave through the outbox and EventBridge, later).
 *
 * <p>Repositories call {@link #add(List)} while saving (from {@code JdbiAggregateRepository.appended}); this middleware, placed just outside the transaction
 * middleware, collects them per outermost command and publishes them on the local {@link EventBus} after the
 * commit. A rolled-back attempt publishes nothing. Threadsafe: the buffer is per thread.
 */
public final class AfterCommitEvents implements Middleware {

    private final ThreadLocal<List<EventMessage<?>>> buffer = new ThreadLocal<>();
    private final EventBus events;

    /** @param events the in-process bus that gets committed events */
    public AfterCommitEvents(EventBus events) {
        this.events = Objects.requireNonNull(events, "events must not be null");
    }

    /**
     * Collects events saved by the running command, with the metadata they were stored with; outside any command
     * they are published at once.
     *
     * @param saved the events
     */
    public void add(List<? extends EventMessage<?>> saved) {
        List<EventMessage<?>> pending = buffer.get();
        if (pending == null) {
            events.publishAll(saved);
        } else {
            pending.addAll(saved);
        }
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        if (buffer.get() != null) {
            return next.invoke(request);
        }
        List<EventMessage<?>> pending = new ArrayList<>();
        buffer.set(pending);
        Object result;
        try {
            result = next.invoke(request);
        } finally {
            buffer.remove();
        }
        events.publishAll(pending);
        return result;
    }

    @Override
    public boolean appliesTo(Class<?> requestType) {
        return Command.class.isAssignableFrom(requestType);
    }
}
