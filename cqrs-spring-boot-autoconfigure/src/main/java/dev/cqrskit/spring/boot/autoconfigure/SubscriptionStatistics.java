package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.eventstore.SubscriptionStatus;
import dev.cqrskit.eventstore.Subscriptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The statuses of the application's subscriptions for health and gauges, read from the database at most once per
 * {@link #MAX_AGE} however many gauges and health probes ask: each read costs one query per subscription, which
 * counts its lag. The one place this module reads {@link Subscriptions#status(String)}. Threadsafe.
 *
 * @since 0.1.0
 */
public final class SubscriptionStatistics {

    /** How long one read of the statuses is reused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private record Read(long atNanos, Map<String, SubscriptionStatus> statuses) {
    }

    private final Subscriptions subscriptions;
    private final List<String> ids;
    private volatile Read last;

    /**
     * Creates statistics over subscriptions.
     *
     * @param subscriptions reads the statuses, not null
     * @param ids           the ids of the subscriptions to report, in order, not null
     */
    public SubscriptionStatistics(Subscriptions subscriptions, List<String> ids) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions must not be null");
        this.ids = List.copyOf(Objects.requireNonNull(ids, "ids must not be null"));
    }

    /** @return the ids of the subscriptions reported, in order */
    public List<String> ids() {
        return ids;
    }

    /**
     * Returns the status of every reported subscription that has started once (on any node), at most
     * {@link #MAX_AGE} old; a subscription never started has no entry.
     *
     * @return the statuses by id, in the order of {@link #ids()}
     * @throws org.jdbi.v3.core.JdbiException when the database cannot be read
     */
    public Map<String, SubscriptionStatus> statuses() {
        Read read = last;
        if (read == null || System.nanoTime() - read.atNanos() > MAX_AGE.toNanos()) {
            synchronized (this) {
                read = last;
                if (read == null || System.nanoTime() - read.atNanos() > MAX_AGE.toNanos()) {
                    Map<String, SubscriptionStatus> statuses = new LinkedHashMap<>();
                    for (String id : ids) {
                        subscriptions.status(id).ifPresent(status -> statuses.put(id, status));
                    }
                    read = new Read(System.nanoTime(), java.util.Collections.unmodifiableMap(statuses));
                    last = read;
                }
            }
        }
        return read.statuses();
    }
}
