/**
 * The versioned cqrs-kit schema: {@link dev.cqrskit.outbox.schema.CqrsSchema} installs the outbox's versions,
 * {@link dev.cqrskit.outbox.schema.SchemaInstaller} runs any set of {@link dev.cqrskit.outbox.schema.SchemaMigration}s
 * in version order and records them in {@code cqrs_schema_history}. Scripts live under {@code db/cqrs-kit/}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.outbox.schema;
