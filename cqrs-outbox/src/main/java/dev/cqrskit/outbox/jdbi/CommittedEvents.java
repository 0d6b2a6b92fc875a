package dev.cqrskit.outbox.jdbi;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;

import java.util.List;

/**
 * Receives the events a repository saved, with the metadata stored in the outbox, once their transaction has
 * committed: to evict an in-process cache or publish on an in-process {@code EventBus}, say. Events of a transaction
 * that rolls back never arrive. These are in-process, best-effort reactions: what must not be lost goes through the
 * outbox.
 * <pre>{@code
 * CommittedEvents toLocalBus = eventBus::publishAll;
 * }</pre>
 *
 * <p>Implementations are threadsafe; they run on the committing thread, after the commit.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CommittedEvents {

    /** Ignores every event. */
    CommittedEvents NONE = events -> {
    };

    /**
     * Receives committed events.
     *
     * @param events the events of one save, in order
     */
    void committed(List<EventMessage<DomainEvent>> events);
}
