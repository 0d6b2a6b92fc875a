package dev.cqrskit.micrometer;

import dev.cqrskit.core.spi.DispatchListener;
import dev.cqrskit.core.spi.EventBusListener;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.RelayListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Turns the listeners of cqrs-core and cqrs-outbox into Micrometer meters with stable names and low-cardinality tags.
 *
 * <pre>{@code
 * CqrsMetrics metrics = new CqrsMetrics(registry);
 * CommandBus commands = CommandBus.builder()
 *         .handle(RegisterUser.class, new RegisterUserHandler(users))
 *         .middleware(new TimingMiddleware(metrics.dispatchListener()))
 *         .middleware(new RetryMiddleware(RetryPolicy.defaults(), transactions, metrics.retryListener()))
 *         .build();
 * EventBus events = EventBus.builder().listener(metrics.eventBusListener()).build();
 * metrics.bindOutboxCounts(() -> operations.counts(Duration.ofSeconds(10)));   // a cached read, never a query per scrape
 * }</pre>
 *
 * <p>Tags are class simple names and fixed words, never ids, messages or reasons, so the number of time series is
 * bounded by the message and exception classes an application has. Meters are registered on first use and kept, so
 * a dispatch costs two {@code ConcurrentHashMap} reads and no registry lookup. Each listener method returns the same
 * instance every time. Meter filters and common tags configured on the registry apply as usual.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class CqrsMetrics {

    /** Timer of dispatches, tagged {@code type}, {@code outcome} ({@code success}/{@code failure}), {@code exception}. */
    public static final String DISPATCH = "cqrs.dispatch";
    /** Counter of retries scheduled after a failed attempt, tagged {@code type}. */
    public static final String RETRY_ATTEMPTS = "cqrs.retry.attempts";
    /** Counter of commands whose failure the retry middleware let reach the caller, tagged {@code type}. */
    public static final String RETRY_EXHAUSTED = "cqrs.retry.exhausted";
    /** Counter of event subscribers that threw, tagged {@code event} and {@code exception}. */
    public static final String SUBSCRIBER_FAILURES = "cqrs.eventbus.subscriber.failures";
    /** Counter of outbox rows claimed by relay workers. */
    public static final String RELAY_CLAIMED = "cqrs.outbox.relay.claimed";
    /** Counter of events published and deleted from the outbox. */
    public static final String RELAY_PUBLISHED = "cqrs.outbox.relay.published";
    /** Counter of events that failed and wait for a retry. */
    public static final String RELAY_FAILED = "cqrs.outbox.relay.failed";
    /** Counter of events parked for an operator. */
    public static final String RELAY_PARKED = "cqrs.outbox.relay.parked";
    /** Counter of publishing pauses caused by a fault of the deployment. */
    public static final String RELAY_SYSTEMIC_FAILURES = "cqrs.outbox.relay.systemic.failures";
    /** Counter of relay workers that start again after losing their connection or failing. */
    public static final String RELAY_RECONNECTS = "cqrs.outbox.relay.reconnects";
    /** Timer of the relay's calls to its publisher, tagged {@code outcome} ({@code success}/{@code failure}). */
    public static final String PUBLISH_CALL = "cqrs.outbox.publish.call";
    /** Gauge of outbox messages not yet published and not parked. */
    public static final String OUTBOX_PENDING = "cqrs.outbox.pending";
    /** Gauge of parked outbox messages. */
    public static final String OUTBOX_PARKED = "cqrs.outbox.parked";
    /** Gauge of outbox messages held behind a parked message of their key. */
    public static final String OUTBOX_HELD = "cqrs.outbox.held";
    /** Time gauge of the age of the oldest pending outbox message, in the registry's base time unit. */
    public static final String OUTBOX_OLDEST_PENDING_AGE = "cqrs.outbox.oldest.pending.age";
    /** Gauge of committed events an event store subscription has not handled yet, tagged {@code subscription}. */
    public static final String SUBSCRIPTION_LAG = "cqrs.eventstore.subscription.lag";

    private final MeterRegistry registry;
    private final DispatchTimers dispatch;
    private final RetryCounters retries;
    private final SubscriberFailureCounter subscriberFailures;
    private final AtomicBoolean outboxCountsBound = new AtomicBoolean();
    private final Set<String> subscriptionLagsBound = ConcurrentHashMap.newKeySet();
    private volatile RelayMeters relay;

    /**
     * Creates the meters' owner; nothing is registered until a listener is used or counts are bound.
     *
     * @param registry where the meters go
     * @throws NullPointerException if {@code registry} is null
     */
    public CqrsMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.dispatch = new DispatchTimers(registry);
        this.retries = new RetryCounters(registry);
        this.subscriberFailures = new SubscriberFailureCounter(registry);
    }

    /**
     * Returns the listener for {@code TimingMiddleware}: timer {@value #DISPATCH} tagged {@code type} (the request's
     * simple class name), {@code outcome} ({@code success} or {@code failure}) and {@code exception} (the failure's
     * simple class name, or {@code none}).
     *
     * @return the listener, the same instance on every call
     */
    public DispatchListener dispatchListener() {
        return dispatch;
    }

    /**
     * Returns the listener for {@code RetryMiddleware}: counters {@value #RETRY_ATTEMPTS} (one per retry scheduled)
     * and {@value #RETRY_EXHAUSTED} (one per failure let through), both tagged {@code type}.
     *
     * @return the listener, the same instance on every call
     */
    public RetryListener retryListener() {
        return retries;
    }

    /**
     * Returns the listener for {@code EventBus.builder().listener(...)}: counter {@value #SUBSCRIBER_FAILURES} tagged
     * {@code event} (the event's simple class name) and {@code exception}.
     *
     * @return the listener, the same instance on every call
     */
    public EventBusListener eventBusListener() {
        return subscriberFailures;
    }

    /**
     * Returns the listener for the outbox relay: counters {@value #RELAY_CLAIMED}, {@value #RELAY_PUBLISHED},
     * {@value #RELAY_FAILED}, {@value #RELAY_PARKED}, {@value #RELAY_SYSTEMIC_FAILURES}, {@value #RELAY_RECONNECTS},
     * and timer {@value #PUBLISH_CALL} tagged {@code outcome}. Its meters are registered on the first call.
     *
     * @return the listener, the same instance on every call
     */
    public RelayListener relayListener() {
        RelayMeters meters = relay;
        if (meters == null) {
            synchronized (this) {
                meters = relay;
                if (meters == null) {
                    meters = new RelayMeters(registry);
                    relay = meters;
                }
            }
        }
        return meters;
    }

    /**
     * Registers gauges {@value #OUTBOX_PENDING}, {@value #OUTBOX_PARKED}, {@value #OUTBOX_HELD} and
     * {@value #OUTBOX_OLDEST_PENDING_AGE} (a
     * time gauge: seconds in Prometheus and other registries whose base time unit is seconds) that read
     * {@code counts} whenever the registry is scraped.
     *
     * <p>Every scrape calls the supplier once per gauge, so it must be a cached read, such as
     * {@code () -> operations.counts(Duration.ofSeconds(10))}; never a database query per call, which would put
     * three queries on every scrape of every node. A supplier that throws or returns null reads as NaN.
     *
     * @param counts the source of the counts, kept by the gauges
     * @throws NullPointerException  if {@code counts} is null
     * @throws IllegalStateException if counts are already bound: the gauges would keep reading the first supplier
     */
    public void bindOutboxCounts(Supplier<OutboxCounts> counts) {
        Objects.requireNonNull(counts, "counts must not be null");
        if (!outboxCountsBound.compareAndSet(false, true)) {
            throw new IllegalStateException("Outbox counts are already bound to this CqrsMetrics; the gauges "
                    + "would keep reading the first supplier. Call bindOutboxCounts once per registry.");
        }
        OutboxGauges.bind(registry, counts);
    }

    /**
     * Registers gauge {@value #SUBSCRIPTION_LAG} tagged {@code subscription} (the subscription's id: an application
     * defines a fixed set, so the tag stays low-cardinality) that reads {@code lag} whenever the registry is scraped.
     *
     * <p>Counting the lag is a database query, so the supplier must be a cached read, as for
     * {@link #bindOutboxCounts}. A supplier that throws, returns null or returns empty (the subscription never ran)
     * reads as NaN.
     *
     * @param subscription the subscription's id
     * @param lag          the source of its lag, kept by the gauge
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if this subscription's lag is already bound: the gauge would keep reading the
     *                               first supplier
     */
    public void bindSubscriptionLag(String subscription, Supplier<OptionalLong> lag) {
        Objects.requireNonNull(subscription, "subscription must not be null");
        Objects.requireNonNull(lag, "lag must not be null");
        if (!subscriptionLagsBound.add(subscription)) {
            throw new IllegalStateException("The lag of subscription '" + subscription + "' is already bound to this"
                    + " CqrsMetrics; the gauge would keep reading the first supplier. Call bindSubscriptionLag once"
                    + " per subscription and registry.");
        }
        // The Supplier<Number> builder holds the function strongly (see OutboxGauges).
        Gauge.builder(SUBSCRIPTION_LAG, () -> OutboxGauges.read(lag,
                        value -> value.isPresent() ? value.getAsLong() : Double.NaN))
                .tag("subscription", subscription)
                .description("Committed events the event store subscription has not handled yet")
                .baseUnit("events")
                .register(registry);
    }
}
