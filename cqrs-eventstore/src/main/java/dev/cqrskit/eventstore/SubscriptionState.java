package dev.cqrskit.eventstore;

/**
 * The stored state of a subscription, as its runner last recorded it.
 *
 * @since 0.1.0
 */
public enum SubscriptionState {
    /** Its last batch was full: it is behind and working through the backlog. */
    CATCHING_UP,
    /** It has handled everything committed when it last looked, and follows new commits. */
    RUNNING,
    /** A handler kept failing on one event: the subscription waits for a fix ({@code retry}) or a {@code skip}. */
    FAILED,
    /** Its runner was stopped and no other has taken over yet. */
    STOPPED
}
