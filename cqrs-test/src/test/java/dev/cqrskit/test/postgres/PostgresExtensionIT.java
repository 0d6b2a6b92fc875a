package dev.cqrskit.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.withSchema(PostgresExtension.script("postgres/greetings.sql"))
            .andThen(dataSource -> execute(dataSource, "INSERT INTO greetings VALUES (2, 'from initializer')"));

    @Test
    void givesTheClassItsOwnDatabaseWithTheSchemaInstalled() throws SQLException {
        assertThat(query(POSTGRES.dataSource(), "SELECT current_database()")).isEqualTo(POSTGRES.database().name());
        assertThat(POSTGRES.database().name()).startsWith("cqrs_postgresextensionit_");
        assertThat(query(POSTGRES.dataSource(), "SELECT string_agg(text, ',' ORDER BY id) FROM greetings"))
                .isEqualTo("hello,from initializer");
    }

    @Test
    void runsARealPostgresql() throws SQLException {
        assertThat(query(POSTGRES.dataSource(), "SELECT version()")).startsWith("PostgreSQL ");
        assertThat(query(POSTGRES.dataSource(), "SELECT inet_server_addr()::text")).startsWith("127.0.0.1");
    }

    @Test
    void resolvesDatabaseAndDataSourceParameters(PostgresDatabase database, DataSource dataSource) throws SQLException {
        assertThat(database).isSameAs(POSTGRES.database());
        assertThat(query(dataSource, "SELECT current_database()")).isEqualTo(database.name());
    }

    @Test
    void keepsDataWhenTheEmbeddedServerIsStoppedAndStarted() throws SQLException {
        if (!POSTGRES.isEmbedded()) {
            assertThatThrownBy(POSTGRES::stopServer).hasMessageContaining("Cannot stop an external PostgreSQL server");
            return;
        }
        execute(POSTGRES.dataSource(), "CREATE TABLE survivors (id INT); INSERT INTO survivors VALUES (7)");
        try (Connection open = POSTGRES.database().connect()) {
            POSTGRES.stopServer();
            assertThatThrownBy(() -> POSTGRES.database().connect()).hasMessageContaining("Is the server running?");
            POSTGRES.startServer();
            assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(query(POSTGRES.dataSource(), "SELECT id::text FROM survivors")).isEqualTo("7");
    }

    @Test
    void crashServerShutsDownImmediatelySoTheRestartRunsCrashRecovery() throws SQLException {
        if (!POSTGRES.isEmbedded()) {
            assertThatThrownBy(POSTGRES::crashServer).hasMessageContaining("Cannot crash an external PostgreSQL server");
            return;
        }
        // given: a row committed synchronously (the server's default, off, may lose the last commits in a crash),
        // and statistics that count its insert
        execute(POSTGRES.dataSource(), "SET synchronous_commit = on; CREATE TABLE crash_survivors (id INT);"
                + " INSERT INTO crash_survivors VALUES (9); SELECT pg_stat_force_next_flush()");
        assertThat(query(POSTGRES.dataSource(), "SELECT n_tup_ins::text FROM pg_stat_user_tables"
                + " WHERE relname = 'crash_survivors'")).isEqualTo("1");
        try (Connection open = POSTGRES.database().connect()) {
            // when
            POSTGRES.crashServer();
            assertThatThrownBy(() -> POSTGRES.database().connect()).hasMessageContaining("Is the server running?");
            POSTGRES.startServer();
            // then: the open connection broke, the row survived, and crash recovery reset the statistics (a clean
            // shutdown keeps them)
            assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(query(POSTGRES.dataSource(), "SELECT id::text FROM crash_survivors")).isEqualTo("9");
        assertThat(query(POSTGRES.dataSource(), "SELECT n_tup_ins::text FROM pg_stat_user_tables"
                + " WHERE relname = 'crash_survivors'")).isEqualTo("0");
    }

    @Test
    void crashServerDoesNothingWhenTheServerIsStopped() throws SQLException {
        if (!POSTGRES.isEmbedded()) {
            return;
        }
        POSTGRES.stopServer();
        POSTGRES.crashServer();
        POSTGRES.startServer();
        assertThat(query(POSTGRES.dataSource(), "SELECT 'up'")).isEqualTo("up");
    }

    @org.junit.jupiter.api.Nested
    class Nested {
        @Test
        void sharesTheDatabaseOfTheEnclosingClass(PostgresDatabase database) throws SQLException {
            assertThat(database.name()).startsWith("cqrs_postgresextensionit_");
            assertThat(POSTGRES.database()).isSameAs(database);
            assertThat(query(database.dataSource(), "SELECT count(*)::text FROM greetings")).isEqualTo("2");
        }
    }

    @Test
    void explainsAMissingScript() {
        assertThatThrownBy(() -> PostgresExtension.script("postgres/missing.sql").accept(POSTGRES.dataSource()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema script postgres/missing.sql is not on the classpath. Pass a path relative to the"
                        + " classpath root, without a leading slash, e.g. db/users.sql.");
    }

    @Test
    void explainsHowToRegisterWhenUsedOutsideATestClass() {
        assertThatThrownBy(() -> new PostgresExtension().database())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No test database yet")
                .hasMessageContaining("@RegisterExtension");
    }

    private static String query(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
