package dev.cqrskit.eventstore;

/**
 * Where a new subscription starts: at the first event, or after every event committed when it is first started.
 * Only a subscription's first start uses it; afterwards its stored checkpoint decides.
 *
 * @since 0.1.0
 */
public enum StartPosition {
    /** Handle every event ever stored, oldest first: what a new read model or a rebuild under a new id needs. */
    BEGINNING,
    /** Handle only events committed after the first start (transactions still open then are handled too). */
    END
}
