package dev.cqrskit.core.bus;

/**
 * What the {@link EventBus} does when a subscriber throws.
 *
 * <p>With either policy every subscriber of the event is called: one failing subscriber never keeps the event from
 * the others.
 *
 * @since 0.1.0
 */
public enum SubscriberFailurePolicy {

    /**
     * Calls every subscriber, then throws a {@link SubscriberFailedException} whose cause is the first failure and
     * whose suppressed exceptions are the rest. The publisher learns of the failure (and a transaction around it
     * can roll back). The default.
     */
    THROW_AFTER_ALL,

    /**
     * Calls every subscriber and logs each failure at ERROR with the event type and message id; the publisher does
     * not see failures. For best-effort side effects (metrics, caches).
     */
    LOG_AND_CONTINUE
}
