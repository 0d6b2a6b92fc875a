package dev.cqrskit.core.publish;

import java.util.List;

/**
 * Sends serialized events to a broker (EventBridge, an in-process bus, a test recorder). The outbox relay calls it
 * with batches it has claimed; cqrs-eventbridge and cqrs-test implement it.
 *
 * <p>Contract:
 * <ul>
 *   <li>Returns exactly one outcome per event, for every event in the batch, in any order; each outcome names its
 *       message id. A partial failure is reported per event, never thrown.</li>
 *   <li>Throwing means the whole batch failed in a way worth retrying (the relay treats every event as
 *       {@link PublishOutcome.RetryableFailure}).</li>
 *   <li>A failure of the deployment rather than of an event (authentication, authorization, signing, a missing
 *       destination) is reported as {@link PublishOutcome.SystemicFailure} for the events it touched: the relay
 *       pauses and retries without counting attempts and never parks for it.</li>
 *   <li>Events with the same key appear in the batch in their order; an implementation that publishes in several
 *       requests keeps that order, or reports the later events of a key as retryable when an earlier one failed.</li>
 *   <li>Delivery is at least once: the same message id may be published again after a crash.</li>
 * </ul>
 * Implementations must be threadsafe: several relays may call one publisher at once.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventPublisher {

    /**
     * Publishes a batch.
     *
     * @param batch the events, never empty
     * @return one outcome per event
     */
    List<PublishOutcome> publish(List<SerializedEvent> batch);
}
