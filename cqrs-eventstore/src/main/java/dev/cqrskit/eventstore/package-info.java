/**
 * The event store on Jdbi and PostgreSQL: event streams with expected-version appends ({@link
 * dev.cqrskit.eventstore.EventStore}), a write-slice service that appends and writes the outbox in one transaction
 * ({@link dev.cqrskit.eventstore.WriteSlice}), an event-sourced repository ({@link
 * dev.cqrskit.eventstore.EventSourcedRepository}) and durable, gap-safe subscriptions ({@link
 * dev.cqrskit.eventstore.Subscriptions}). Install the tables with {@link dev.cqrskit.eventstore.EventStoreSchema}.
 *
 * <p>Package-private classes (the subscription runner, its batch and its wake-up) are not API.
 *
 * @since 0.1.0
 */
package dev.cqrskit.eventstore;
