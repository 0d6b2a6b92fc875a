/**
 * The transactional outbox on Jdbi and PostgreSQL: {@link dev.cqrskit.outbox.Outbox} appends events in the caller's
 * transaction, {@link dev.cqrskit.outbox.relay.OutboxRelay} publishes them in order per key through a
 * {@code dev.cqrskit.core.publish.EventPublisher}, {@link dev.cqrskit.outbox.relay.OutboxOperations} handles parked
 * messages, and {@link dev.cqrskit.outbox.inbox.Inbox} makes consumers idempotent. Install the tables with
 * {@link dev.cqrskit.outbox.schema.CqrsSchema} (versioned scripts under {@code db/cqrs-kit}, history in
 * {@code cqrs_schema_history}). See docs/outbox.md.
 *
 * @since 0.1.0
 */
package dev.cqrskit.outbox;
