package dev.cqrskit.outbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flyway set-up of docs/outbox.md, next to an application's own {@code V1__}. */
class FlywaySideBySideIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    // tag::flyway[]
    /**
     * Runs cqrs-kit's installer as a repeatable Flyway migration of the application: Flyway runs it after the
     * application's versioned migrations, in its transaction, and again whenever the checksum of cqrs-kit's versions
     * changes (an upgrade that brings a new version). cqrs-kit's own history stays in cqrs_schema_history.
     */
    static final class CqrsKitSchema implements JavaMigration {

        private final SchemaInstaller installer;

        CqrsKitSchema(SchemaInstaller installer) {
            this.installer = installer;
        }

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
            return installer.checksum();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) {
            installer.install(context.getConnection());
        }
    }

    static Flyway flyway(javax.sql.DataSource dataSource, SchemaInstaller cqrsKit) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/app-migration")              // the application's V1__, V2__, ...
                .javaMigrations(new CqrsKitSchema(cqrsKit))
                .load();
    }
    // end::flyway[]

    private Jdbi jdbi;

    @BeforeEach
    void emptyDatabase() {
        jdbi = Jdbi.create(POSTGRES.dataSource());
        jdbi.useHandle(h -> h.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    }

    @Test
    void installsNextToTheApplicationsOwnFirstVersion() {
        // when
        flyway(POSTGRES.dataSource(), CqrsSchema.installer()).migrate();
        // then
        assertThat(flywayHistory()).containsExactly(Map.of("version", "1", "description", "orders"),
                Map.of("version", "", "description", "cqrs-kit schema"));
        assertThat(cqrsHistory()).containsExactlyElementsOf(outboxVersions());
        jdbi.useHandle(h -> h.execute("INSERT INTO orders VALUES (1, 10)"));
        int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_outbox").mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void runsTheInstallerAgainWhenAnUpgradeBringsAVersion() {
        // given
        flyway(POSTGRES.dataSource(), CqrsSchema.installer()).migrate();
        assertThat(flyway(POSTGRES.dataSource(), CqrsSchema.installer()).migrate().migrationsExecuted).isZero();
        SchemaInstaller upgraded = CqrsSchema.installer()
                .with(List.of(SchemaMigration.of(99, "test streams", "db/cqrs-kit-test/0099_test_table.sql")));
        // when
        int executed = flyway(POSTGRES.dataSource(), upgraded).migrate().migrationsExecuted;
        // then
        assertThat(executed).isEqualTo(1);
        assertThat(cqrsHistory()).containsExactlyElementsOf(outboxVersionsAnd(99));
    }

    private List<Map<String, Object>> flywayHistory() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(version, '') AS version, description"
                + " FROM flyway_schema_history ORDER BY installed_rank").mapToMap().list());
    }

    private List<Integer> cqrsHistory() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM cqrs_schema_history ORDER BY version")
                .mapTo(Integer.class).list());
    }

    /** The versions cqrs-outbox ships, so the test does not change with each new version. */
    private static java.util.List<Integer> outboxVersions() {
        return CqrsSchema.OUTBOX.stream().map(SchemaMigration::version).toList();
    }

    private static java.util.List<Integer> outboxVersionsAnd(int moduleVersion) {
        java.util.List<Integer> versions = new java.util.ArrayList<>(outboxVersions());
        versions.add(moduleVersion);
        return versions;
    }
}
