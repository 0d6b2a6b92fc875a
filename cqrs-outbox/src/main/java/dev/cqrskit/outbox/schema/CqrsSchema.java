package dev.cqrskit.outbox.schema;

import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Installs and upgrades the tables of cqrs-outbox ({@code cqrs_outbox}, {@code cqrs_outbox_wakeup},
 * {@code cqrs_inbox}, {@code cqrs_inbox_parked}), keeping their history in {@code cqrs_schema_history}.
 *
 * <p>The versions ship in the jar under {@code db/cqrs-kit/}, one script per version:
 * <ul>
 *   <li>{@code 0001_outbox.sql}: table {@code cqrs_outbox}, its indexes and the NOTIFY trigger;</li>
 *   <li>{@code 0002_inbox.sql}: table {@code cqrs_inbox};</li>
 *   <li>{@code 0003_cheaper_appends.sql}: the outbox's cheaper shape ({@code json} columns, no unique index on
 *       {@code message_id}, autovacuum settings for a queue table);</li>
 *   <li>{@code 0004_inbox_parking.sql}: table {@code cqrs_inbox_parked}, the deliveries consumers parked.</li>
 * </ul>
 * A database that holds the tables of cqrs-outbox 0.1.0, which kept no history, is upgraded in place with every
 * row kept. Tables go into the first schema of the connection's {@code search_path}.
 *
 * <pre>{@code
 * CqrsSchema.install(jdbi);                                   // at start-up, on every node
 * PostgresExtension.withSchema(CqrsSchema::install);          // in tests (cqrs-test)
 * CqrsSchema.installer().with(EventStoreSchema.MIGRATIONS);   // a module that adds tables
 * }</pre>
 *
 * <p>Installing is idempotent and safe from several processes at once; see {@link SchemaInstaller}. This class is
 * threadsafe.
 *
 * @since 0.1.0
 */
public final class CqrsSchema {

    /** The versions of cqrs-outbox's tables, in order. */
    public static final List<SchemaMigration> OUTBOX = List.of(
            SchemaMigration.of(1, "outbox", "db/cqrs-kit/0001_outbox.sql"),
            SchemaMigration.of(2, "inbox", "db/cqrs-kit/0002_inbox.sql"),
            SchemaMigration.of(3, "cheaper outbox appends", "db/cqrs-kit/0003_cheaper_appends.sql"),
            SchemaMigration.of(4, "consumer-side parking", "db/cqrs-kit/0004_inbox_parking.sql"));

    private static final SchemaInstaller INSTALLER = SchemaInstaller.of(OUTBOX);

    private CqrsSchema() {
    }

    /**
     * Returns the installer of cqrs-outbox's versions; add a module's versions with
     * {@link SchemaInstaller#with(List)}.
     *
     * @return the installer
     */
    public static SchemaInstaller installer() {
        return INSTALLER;
    }

    /**
     * Installs the missing versions in a transaction of their own.
     *
     * @param jdbi the database
     * @return the versions installed now
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails
     */
    public static List<SchemaMigration> install(Jdbi jdbi) {
        return INSTALLER.install(jdbi);
    }

    /**
     * Installs the missing versions in a transaction of their own.
     *
     * @param dataSource the database
     * @return the versions installed now
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails
     */
    public static List<SchemaMigration> install(DataSource dataSource) {
        return INSTALLER.install(dataSource);
    }

    /**
     * Installs the missing versions on the connection; see {@link SchemaInstaller#install(Connection)} for how it
     * joins a transaction.
     *
     * @param connection an open connection
     * @return the versions installed now
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails
     */
    public static List<SchemaMigration> install(Connection connection) {
        return INSTALLER.install(connection);
    }
}
