package dev.cqrskit.outbox.internal;

import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a table that has never had planner statistics some, before a relay or a subscription queries it. Without
 * them PostgreSQL guesses the selectivity of every condition: a relay started on a large backlog in a fresh database
 * drained about 2,500 events/s instead of 90,000, and a subscription following a freshly loaded event log walked the
 * whole primary key for every small window (docs/benchmarks.md), until autovacuum analyzed the table a minute or more
 * later. {@code reltuples < 0} means never analyzed nor vacuumed; no row in {@code pg_stats} means no column
 * statistics (an empty table analyzed stays so: analyzing it again costs nothing). Not API.
 */
public final class PlannerStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);

    private PlannerStatistics() {
    }

    /**
     * Runs {@code ANALYZE} on the table if it never had statistics or has none of its columns; a failure is logged,
     * never thrown.
     *
     * @param handle    a handle outside any transaction the caller cares about
     * @param table     the table's name, a constant of the caller's (it is put into the SQL as it is)
     * @param whatSlows what suffers without statistics, for the warning
     */
    public static void analyzeIfNeverAnalyzed(Handle handle, String table, String whatSlows) {
        Objects.requireNonNull(table, "table must not be null");
        try {
            boolean never = handle.createQuery("SELECT c.reltuples < 0 OR NOT EXISTS (SELECT 1 FROM pg_stats s"
                            + " WHERE s.schemaname = n.nspname AND s.tablename = c.relname)"
                            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE c.oid = to_regclass(:table)")
                    .bind("table", table)
                    .mapTo(Boolean.class).findOne().orElse(false);
            if (never) {
                handle.execute("ANALYZE " + table);
                LOG.info("Analyzed {}, which had no planner statistics yet", table);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not check or ANALYZE {}'s planner statistics: {}. {} may be slow until autovacuum analyzes"
                    + " the table.", table, e.getMessage(), whatSlows);
        }
    }
}
