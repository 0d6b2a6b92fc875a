package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.eventstore.SubscriptionState;
import dev.cqrskit.eventstore.SubscriptionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The event store subscriptions' health: {@code UP} while their statuses can be read, with a {@code subscriptions}
 * detail holding one entry per subscription id ({@code state}, {@code active}, {@code lag}, {@code handledCount}, {@code owner}, {@code updatedAt},
 * and {@code failure} when it failed; {@code state} is {@code NOT_STARTED} before it first ran) and a {@code failed}
 * detail listing the failed ones.
 *
 * <p>A failed subscription does not make the instance {@code DOWN}: its state is stored in the database, so every
 * node would report {@code DOWN} at once and a load balancer would take them all out over one read model, while a
 * restart would not help; it needs an operator ({@code Subscriptions.retry} or {@code skip}) and an alert on its
 * {@code state} or on the lag gauge. Threadsafe.
 *
 * @since 0.1.0
 */
public final class CqrsSubscriptionsHealthIndicator extends AbstractHealthIndicator {

    private final SubscriptionStatistics statistics;

    /**
     * Creates the indicator.
     *
     * @param statistics the subscriptions' statuses, not null
     */
    public CqrsSubscriptionsHealthIndicator(SubscriptionStatistics statistics) {
        super("The cqrs-kit subscriptions health check failed");
        this.statistics = Objects.requireNonNull(statistics, "statistics must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, SubscriptionStatus> statuses = statistics.statuses();
        Map<String, Object> subscriptions = new LinkedHashMap<>();
        for (String id : statistics.ids()) {
            SubscriptionStatus status = statuses.get(id);
            subscriptions.put(id, status == null ? Map.of("state", "NOT_STARTED") : details(status));
        }
        builder.withDetail("subscriptions", subscriptions);
        List<String> failed = statuses.values().stream().filter(s -> s.state() == SubscriptionState.FAILED)
                .map(SubscriptionStatus::id).toList();
        if (!failed.isEmpty()) {
            builder.withDetail("failed", failed);
        }
        builder.up();
    }

    private static Map<String, Object> details(SubscriptionStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", status.state().name());
        details.put("active", status.active());
        details.put("lag", status.lag());
        details.put("handledCount", status.handledCount());
        details.put("owner", String.valueOf(status.owner()));
        details.put("updatedAt", status.updatedAt().toString());
        status.failure().ifPresent(failure -> details.put("failure", Map.of(
                "position", failure.position(),
                "eventType", failure.eventType(),
                "error", failure.error(),
                "failedAt", failure.failedAt().toString())));
        return details;
    }
}
