package dev.cqrskit.outbox.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a set of {@link SchemaMigration}s in version order and records each one in the table
 * {@code cqrs_schema_history} (version, description, checksum, installed_at), in the first schema of the
 * connection's {@code search_path}.
 *
 * <p>An install takes a transaction-level advisory lock, creates the history table if needed, refuses with a
 * {@link SchemaChecksumMismatchException} (and installs nothing) when a recorded version's resource changed, then
 * runs every registered version that the history does not hold yet, in ascending order, in one transaction. It is
 * idempotent and safe from several processes at once: the second waits for the first and finds nothing to do.
 * Versions in the history that are not registered here (another module's) are left alone.
 *
 * <p>A module that ships tables adds its own versions to the outbox's, explicitly; there is no classpath scanning:
 * <pre>{@code
 * // in cqrs-eventstore: db/cqrs-kit/0004_event_streams.sql and a list of its versions
 * public static final List<SchemaMigration> MIGRATIONS =
 *         List.of(SchemaMigration.of(4, "event streams", "db/cqrs-kit/0004_event_streams.sql"));
 *
 * CqrsSchema.installer().with(EventStoreSchema.MIGRATIONS).install(jdbi);
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @since 0.1.0
 */
public final class SchemaInstaller {

    /** The advisory lock of the install; the same key as cqrs-outbox 0.1.0's installer, so both serialize. */
    static final long INSTALL_LOCK = 0x6371_7273_6b69_7401L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(2);
    private static final String RIGHTS = "The database user needs CREATE rights on the first schema of its"
            + " search_path.";

    private final List<SchemaMigration> migrations;

    private SchemaInstaller(List<SchemaMigration> migrations) {
        this.migrations = migrations;
    }

    /**
     * Returns an installer of the given versions.
     *
     * @param migrations the versions, in any order
     * @return the installer
     * @throws IllegalArgumentException if two migrations share a version
     */
    public static SchemaInstaller of(List<SchemaMigration> migrations) {
        Objects.requireNonNull(migrations, "migrations must not be null");
        Map<Integer, SchemaMigration> byVersion = new TreeMap<>();
        for (SchemaMigration migration : migrations) {
            Objects.requireNonNull(migration, "migrations must not contain null");
            SchemaMigration other = byVersion.putIfAbsent(migration.version(), migration);
            if (other != null) {
                throw new IllegalArgumentException("Schema version " + migration.version() + " is registered twice: "
                        + other.resource() + " and " + migration.resource() + ". Versions are unique across"
                        + " cqrs-kit modules; give the new script the next free number.");
            }
        }
        return new SchemaInstaller(List.copyOf(byVersion.values()));
    }

    /**
     * Returns an installer of these versions and the given ones, for a module that adds tables.
     *
     * @param more further versions
     * @return a new installer
     * @throws IllegalArgumentException if a version is registered twice
     */
    public SchemaInstaller with(List<SchemaMigration> more) {
        Objects.requireNonNull(more, "more must not be null");
        List<SchemaMigration> all = new ArrayList<>(migrations);
        all.addAll(more);
        return of(all);
    }

    /**
     * Returns the registered versions.
     *
     * @return the versions in ascending order, immutable
     */
    public List<SchemaMigration> migrations() {
        return migrations;
    }

    /**
     * Returns a checksum over all registered versions and their scripts; it changes when a version is added. A Flyway
     * repeatable Java migration returns it so that Flyway calls the installer again after an upgrade (docs/outbox.md).
     *
     * @return a stable hash
     */
    public int checksum() {
        int hash = 1;
        for (SchemaMigration migration : migrations) {
            hash = 31 * hash + migration.version();
            hash = 31 * hash + migration.checksum().hashCode();
        }
        return hash;
    }

    /**
     * Installs the missing versions through Jdbi, in a transaction of its own.
     *
     * @param jdbi the database
     * @return the versions installed now, empty when the schema was up to date
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails or the lock is not granted within 2 minutes
     */
    public List<SchemaMigration> install(Jdbi jdbi) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        return jdbi.withHandle(handle -> install(handle.getConnection()));
    }

    /**
     * Installs the missing versions on a connection of the data source, in a transaction of its own.
     *
     * @param dataSource the database
     * @return the versions installed now
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails or the lock is not granted within 2 minutes
     */
    public List<SchemaMigration> install(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        try (Connection connection = dataSource.getConnection()) {
            return install(connection);
        } catch (SQLException e) {
            throw new SchemaInstallException("Could not connect to install the cqrs-kit schema: " + e.getMessage(), e);
        }
    }

    /**
     * Installs the missing versions on the connection. With auto-commit on, the install is a transaction of its own;
     * with auto-commit off, it joins the caller's transaction (a Flyway Java migration, for instance), and the
     * caller commits. The connection is not closed.
     *
     * @param connection an open connection
     * @return the versions installed now
     * @throws SchemaChecksumMismatchException if an installed version's script changed
     * @throws SchemaInstallException          if a statement fails or the lock is not granted within 2 minutes
     */
    public List<SchemaMigration> install(Connection connection) {
        Objects.requireNonNull(connection, "connection must not be null");
        boolean ownTransaction;
        try {
            ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new SchemaInstallException("Could not start a transaction to install the cqrs-kit schema: "
                    + e.getMessage(), e);
        }
        try {
            List<SchemaMigration> installed = installInTransaction(connection);
            if (ownTransaction) {
                connection.commit();
            }
            return installed;
        } catch (SQLException | RuntimeException e) {
            if (ownTransaction) {
                rollbackQuietly(connection, e);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SchemaInstallException("Could not install the cqrs-kit schema: " + e.getMessage() + ". "
                    + RIGHTS, e);
        } finally {
            if (ownTransaction) {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException e) {
                    LOG.debug("Could not restore auto-commit after installing the cqrs-kit schema", e);
                }
            }
        }
    }

    private List<SchemaMigration> installInTransaction(Connection connection) throws SQLException {
        lock(connection);
        moveAsideFlywayHistory(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS cqrs_schema_history ("
                    + " version INTEGER PRIMARY KEY, description TEXT NOT NULL, checksum TEXT NOT NULL,"
                    + " installed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
        Map<Integer, String> history = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM cqrs_schema_history")) {
            while (rows.next()) {
                history.put(rows.getInt(1), rows.getString(2));
            }
        }
        List<SchemaMigration> pending = new ArrayList<>();
        for (SchemaMigration migration : migrations) {
            String recorded = history.get(migration.version());
            String checksum = migration.checksum();
            if (recorded == null) {
                pending.add(migration);
            } else if (!recorded.equals(checksum)) {
                throw new SchemaChecksumMismatchException(migration.version(), "cqrs-kit schema version "
                        + migration.version() + " (" + migration.description() + ") was installed with checksum "
                        + recorded + ", but " + migration.resource() + " now has checksum " + checksum + ". A"
                        + " released schema version never changes: put a change into a new version. If this database"
                        + " was deliberately brought in line by hand, record it with UPDATE cqrs_schema_history SET"
                        + " checksum = '" + checksum + "' WHERE version = " + migration.version()
                        + ". Nothing was installed.");
            }
        }
        if (!pending.isEmpty() && history.isEmpty() && exists(connection, "cqrs_outbox")) {
            // cqrs-outbox 0.1.0 created the tables with idempotent scripts and kept no history; versions 1 and 2 are
            // those scripts, so running them again changes nothing and the later versions upgrade the tables.
            LOG.info("Found cqrs-kit 0.1.0 tables without a schema history; upgrading them in place");
        }
        pending.sort(Comparator.comparingInt(SchemaMigration::version));
        for (SchemaMigration migration : pending) {
            apply(connection, migration);
        }
        return List.copyOf(pending);
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)");
             PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            timeout.setString(1, LOCK_TIMEOUT.toMillis() + "ms");
            timeout.execute();
            lock.setLong(1, INSTALL_LOCK);
            lock.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new SchemaInstallException("Another process has held the cqrs-kit schema install lock (advisory"
                        + " lock " + INSTALL_LOCK + ") for more than " + LOCK_TIMEOUT.toMinutes() + " minutes. Look"
                        + " for a stuck install in pg_stat_activity and pg_locks (locktype = 'advisory'), end it,"
                        + " and install again.", e);
            }
            throw e;
        }
    }

    /**
     * The cqrs-kit 0.1.0 sample (and the docs it followed) ran the old scripts through Flyway with its history table
     * named cqrs_schema_history. That table is kept, under another name, so that nothing is lost.
     */
    private static void moveAsideFlywayHistory(Connection connection) throws SQLException {
        boolean flywayShaped;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_attribute"
                     + " WHERE attrelid = to_regclass('cqrs_schema_history') AND attname = 'installed_rank')")) {
            row.next();
            flywayShaped = row.getBoolean(1);
        }
        if (flywayShaped) {
            if (exists(connection, "cqrs_schema_history_flyway")) {
                throw new SchemaInstallException("Table cqrs_schema_history is a Flyway history (it has the column"
                        + " installed_rank), and cqrs_schema_history_flyway, where the installer would move it, exists"
                        + " too. Drop or rename one of them, then install again.");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE cqrs_schema_history RENAME TO cqrs_schema_history_flyway");
            }
            LOG.warn("cqrs_schema_history was a Flyway history table (cqrs-kit 0.1.0 ran its scripts through Flyway);"
                    + " renamed it to cqrs_schema_history_flyway. cqrs-kit keeps its own history there now; stop"
                    + " running classpath:db/cqrs through Flyway (docs/outbox.md, Schema)");
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static void apply(Connection connection, SchemaMigration migration) {
        String sql = migration.sql();
        // One multi-statement execute: scripts hold dollar-quoted function bodies.
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new SchemaInstallException("cqrs-kit schema version " + migration.version() + " ("
                    + migration.description() + ", " + migration.resource() + ") failed: " + e.getMessage()
                    + ". Nothing was installed: the install runs in one transaction. " + RIGHTS, e);
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO cqrs_schema_history (version, description, checksum) VALUES (?, ?, ?)")) {
            record.setInt(1, migration.version());
            record.setString(2, migration.description());
            record.setString(3, migration.checksum());
            record.executeUpdate();
        } catch (SQLException e) {
            throw new SchemaInstallException("Could not record cqrs-kit schema version " + migration.version()
                    + " in cqrs_schema_history: " + e.getMessage(), e);
        }
        LOG.info("Installed cqrs-kit schema version {} ({})", migration.version(), migration.description());
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
