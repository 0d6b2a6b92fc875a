package dev.cqrskit.eventstore;

/**
 * The checkpoint row changed under a runner (an operator's reset, retry or skip, or another runner after a lost
 * lock): the compare-and-set failed and the batch rolls back; the runner reloads.
 */
final class CheckpointMovedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CheckpointMovedException(String subscriptionId, long revision) {
        super("checkpoint of subscription " + subscriptionId + " moved past revision " + revision);
    }
}
