package dev.cqrskit.eventstore;

import java.util.Set;

/**
 * A subscription's stored progress, a commit cut rather than a position: every event of a transaction visible in
 * {@code committed} is handled; of the transactions visible in {@code window} but not in {@code committed}, the
 * events up to {@code windowPosition} are handled. {@code revision} is the compare-and-set token of its row.
 *
 * @param committed      a {@code pg_snapshot} as text
 * @param window         a {@code pg_snapshot} as text, or {@code null} between windows
 * @param windowPosition the last handled position inside the window, 0 when none
 * @param revision       the row's revision
 * @param state          the stored state
 * @param skipped        positions an operator chose to skip
 */
record Checkpoint(String committed, String window, long windowPosition, long revision, SubscriptionState state,
                  Set<Long> skipped) {

    /** The snapshot in which no transaction is visible: the start of the log. */
    static final String BEGINNING = "1:1:";

    Checkpoint {
        skipped = Set.copyOf(skipped);
    }
}
