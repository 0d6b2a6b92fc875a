package dev.cqrskit.outbox.inbox;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import org.jdbi.v3.core.Handle;

/**
 * Handles one delivered event inside the consumer's transaction; see {@link InboxConsumer}.
 *
 * <p>The handler runs with the event's metadata as its {@link dev.cqrskit.core.MessageContext}, so commands it
 * dispatches continue the event's conversation, and with the handle of the transaction that also records the
 * delivery in the inbox: its database effects commit exactly once. A handler that throws rolls everything back.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles an event.
     *
     * @param message the decoded event and its metadata
     * @param handle  the consumer's transaction
     */
    void handle(EventMessage<DomainEvent> message, Handle handle);
}
