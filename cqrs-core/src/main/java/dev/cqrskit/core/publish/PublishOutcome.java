package dev.cqrskit.core.publish;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What became of one event handed to an {@link EventPublisher}.
 *
 * @since 0.1.0
 */
public sealed interface PublishOutcome {

    /** @return the id of the message this outcome is for */
    UUID messageId();

    /**
     * The broker accepted the event.
     *
     * @param messageId  the message
     * @param externalId the broker's id for it, if it gives one (the EventBridge event id)
     */
    record Published(UUID messageId, Optional<String> externalId) implements PublishOutcome {
        /** Validates the parts. */
        public Published {
            Objects.requireNonNull(messageId, "messageId must not be null");
            Objects.requireNonNull(externalId, "externalId must not be null");
        }
    }

    /**
     * The event was not published but may be later (throttling, a 5xx, a timeout): try again after a backoff.
     *
     * @param messageId the message
     * @param reason    why, for operators
     */
    record RetryableFailure(UUID messageId, String reason) implements PublishOutcome {
        /** Validates the parts. */
        public RetryableFailure {
            Objects.requireNonNull(messageId, "messageId must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /**
     * The event can never be published as it is (malformed, too large, forbidden): do not retry it; park it.
     *
     * @param messageId the message
     * @param reason    why, for operators
     */
    record PermanentFailure(UUID messageId, String reason) implements PublishOutcome {
        /** Validates the parts. */
        public PermanentFailure {
            Objects.requireNonNull(messageId, "messageId must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /**
     * Publishing failed because of the deployment, not the event: credentials expired or missing, a permission, a
     * key policy or a signature refused, the destination missing. No event of the call is at fault, so none is
     * parked and no attempt is counted: the relay pauses publishing with backoff, reports the fault at ERROR and
     * through its listener, and resumes by itself when the fault is fixed.
     *
     * @param messageId the message
     * @param reason    why, for operators
     */
    record SystemicFailure(UUID messageId, String reason) implements PublishOutcome {
        /** Validates the parts. */
        public SystemicFailure {
            Objects.requireNonNull(messageId, "messageId must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }

    /**
     * Returns a success.
     *
     * @param messageId  the message
     * @param externalId the broker's id, or {@code null}
     * @return the outcome
     */
    static PublishOutcome published(UUID messageId, String externalId) {
        return new Published(messageId, Optional.ofNullable(externalId));
    }

    /**
     * Returns a retryable failure.
     *
     * @param messageId the message
     * @param reason    why
     * @return the outcome
     */
    static PublishOutcome retryable(UUID messageId, String reason) {
        return new RetryableFailure(messageId, reason);
    }

    /**
     * Returns a permanent failure.
     *
     * @param messageId the message
     * @param reason    why
     * @return the outcome
     */
    static PublishOutcome permanent(UUID messageId, String reason) {
        return new PermanentFailure(messageId, reason);
    }

    /**
     * Returns a systemic failure: a fault of the deployment that pauses publishing and never parks the event.
     *
     * @param messageId the message
     * @param reason    why
     * @return the outcome
     */
    static PublishOutcome systemic(UUID messageId, String reason) {
        return new SystemicFailure(messageId, reason);
    }
}
