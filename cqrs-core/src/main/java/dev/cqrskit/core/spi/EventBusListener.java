package dev.cqrskit.core.spi;

import dev.cqrskit.core.EventMessage;

/**
 * Hears what the in-process event bus does that a caller may not see: a subscriber that failed.
 *
 * <p>Implementations are threadsafe and fast: they run on the publishing thread. A listener that throws is logged
 * and ignored.
 *
 * @since 0.1.0
 */
public interface EventBusListener {

    /** A listener that ignores everything. */
    EventBusListener NONE = new EventBusListener() {
    };

    /**
     * Called for each subscriber that threw, whatever the bus's failure policy.
     *
     * @param message    the event and its metadata
     * @param subscriber a description of the subscriber and the type it subscribed to
     * @param failure    what it threw
     */
    default void onSubscriberFailed(EventMessage<?> message, String subscriber, Throwable failure) {
    }
}
