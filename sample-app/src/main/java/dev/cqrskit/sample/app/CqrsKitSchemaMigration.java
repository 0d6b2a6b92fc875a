package dev.cqrskit.sample.app;

import dev.cqrskit.eventstore.EventStoreSchema;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * cqrs-kit's schema (the outbox and inbox, and the event store with its subscriptions) as a repeatable Flyway
 * migration of the app (docs/outbox.md, Schema): Flyway runs it after the app's versioned migrations, in its transaction, and again whenever the checksum of cqrs-kit's versions changes,
 * that is after an upgrade that brings a new version. cqrs-kit records its own versions in cqrs_schema_history.
 */
final class CqrsKitSchemaMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return null; // repeatable
    }

    @Override
    public String getDescription() {
        return "cqrs-kit schema";
    }

    @Override
    public Integer getChecksum() {
        return EventStoreSchema.installer().checksum();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        EventStoreSchema.installer().install(context.getConnection());
    }
}
