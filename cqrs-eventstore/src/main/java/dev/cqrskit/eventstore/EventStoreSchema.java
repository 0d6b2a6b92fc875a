package dev.cqrskit.eventstore;

import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.outbox.schema.SchemaInstaller;
import dev.cqrskit.outbox.schema.SchemaMigration;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.util.List;
import java.util.Objects;

/**
 * Installs the event store's tables ({@code cqrs_streams}, {@code cqrs_events}, {@code cqrs_subscriptions},
 * {@code cqrs_subscription_skips}, {@code cqrs_events_wakeup}) as schema version 5 of cqrs-kit, together with the
 * outbox's versions it builds on (the write slice appends to the outbox), through cqrs-outbox's versioned
 * {@link SchemaInstaller}: recorded in {@code cqrs_schema_history}, idempotent, safe from several processes.
 *
 * <pre>{@code
 * EventStoreSchema.install(jdbi);
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class EventStoreSchema {

    /** The event store's versions. */
    public static final List<SchemaMigration> MIGRATIONS = List.of(
            SchemaMigration.of(5, "event store", "db/cqrs-kit/0005_eventstore.sql"));

    private static final SchemaInstaller INSTALLER = CqrsSchema.installer().with(MIGRATIONS);

    private EventStoreSchema() {
    }

    /** @return the installer of the outbox's and the event store's versions */
    public static SchemaInstaller installer() {
        return INSTALLER;
    }

    /**
     * Installs the missing versions of the outbox and the event store in a transaction of their own.
     *
     * @param jdbi the database
     * @return the versions installed now
     */
    public static List<SchemaMigration> install(Jdbi jdbi) {
        return INSTALLER.install(Objects.requireNonNull(jdbi, "jdbi must not be null"));
    }

    /**
     * Installs the missing versions of the outbox and the event store in a transaction of their own.
     *
     * @param dataSource the database
     * @return the versions installed now
     */
    public static List<SchemaMigration> install(DataSource dataSource) {
        return INSTALLER.install(Objects.requireNonNull(dataSource, "dataSource must not be null"));
    }
}
