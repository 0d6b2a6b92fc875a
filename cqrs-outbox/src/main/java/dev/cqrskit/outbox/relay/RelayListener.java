package dev.cqrskit.outbox.relay;

import dev.cqrskit.core.publish.SerializedEvent;

import java.time.Duration;

/**
 * Hears what an {@link OutboxRelay} does, for metrics and alerts; cqrs-micrometer adapts it to meters. Every method
 * has an empty default, so a listener overrides only what it needs.
 *
 * <p>Implementations are threadsafe and fast: they run on the relay's worker threads. A listener that throws is
 * logged and ignored; it never stops the relay.
 *
 * @since 0.1.0
 */
public interface RelayListener {

    /** A listener that ignores everything. */
    RelayListener NONE = new RelayListener() {
    };

    /**
     * A worker claimed rows to publish.
     *
     * @param rows how many
     */
    default void onClaimed(int rows) {
    }

    /**
     * A call to the publisher ended, by returning, throwing or passing its deadline.
     *
     * @param events  how many events it carried
     * @param nanos   how long it took
     * @param failure what it threw, or {@code null} when it returned outcomes
     */
    default void onPublishCall(int events, long nanos, Throwable failure) {
    }

    /**
     * Events were published and deleted from the outbox.
     *
     * @param events how many
     */
    default void onPublished(int events) {
    }

    /**
     * An event failed and will be retried after a backoff.
     *
     * @param event    the event
     * @param attempts the attempts made so far
     * @param reason   why it failed
     */
    default void onFailed(SerializedEvent event, int attempts, String reason) {
    }

    /**
     * An event was parked: it failed permanently or ran out of attempts; its key waits for an operator.
     *
     * @param event  the event
     * @param reason why
     */
    default void onParked(SerializedEvent event, String reason) {
    }

    /**
     * Publishing paused because of a fault of the deployment (credentials, permissions, a missing destination);
     * nothing was parked and no attempt was counted.
     *
     * @param reason why
     * @param pause  how long the relay waits before it tries again
     */
    default void onSystemicFailure(String reason, Duration pause) {
    }

    /**
     * A worker lost its database connection, or failed unexpectedly, and starts again after a pause.
     *
     * @param cause what happened
     * @param pause how long it waits before it reconnects
     */
    default void onReconnect(Throwable cause, Duration pause) {
    }
}
