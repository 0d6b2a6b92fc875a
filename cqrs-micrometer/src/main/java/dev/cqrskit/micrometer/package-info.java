/**
 * Micrometer meters for cqrs-kit: {@link dev.cqrskit.micrometer.CqrsMetrics} turns the listeners of cqrs-core and
 * cqrs-outbox into timers, counters and gauges with stable names and low-cardinality tags, and
 * {@link dev.cqrskit.micrometer.ObservationMiddleware} makes each dispatch a Micrometer {@code Observation}.
 * Nothing here needs Spring.
 *
 * @since 0.1.0
 */
package dev.cqrskit.micrometer;
