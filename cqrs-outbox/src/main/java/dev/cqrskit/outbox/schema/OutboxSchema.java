package dev.cqrskit.outbox.schema;

import dev.cqrskit.outbox.OutboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Installs the outbox and inbox tables. The same SQL ships as Flyway-compatible resources, so a Flyway user adds
 * {@code classpath:db/cqrs} to the locations instead (or copies the files into their own migrations):
 * <ul>
 *   <li>{@code db/cqrs/V1__outbox.sql}: table {@code cqrs_outbox}, its indexes and the NOTIFY trigger;</li>
 *   <li>{@code db/cqrs/V2__inbox.sql}: table {@code cqrs_inbox}.</li>
 * </ul>
 * Tables go into the first schema of the connection's {@code search_path}.
 *
 * <pre>{@code
 * OutboxSchema.install(jdbi);
 * }</pre>
 *
 * <p>Installing is idempotent and safe to run from several processes at once (it takes a transaction-level
 * advisory lock). This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxSchema {

    /** The schema resources in the order they run. */
    public static final List<String> RESOURCES = List.of("db/cqrs/V1__outbox.sql", "db/cqrs/V2__inbox.sql",
            "db/cqrs/V3__inbox_parking.sql");

    private static final long INSTALL_LOCK = 0x6371_7273_6b69_7401L;

    private OutboxSchema() {
    }

    /**
     * Creates the tables if they do not exist, in one transaction.
     *
     * @param jdbi the database
     * @throws OutboxException if a statement fails
     */
    public static void install(Jdbi jdbi) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        try {
            jdbi.useTransaction(OutboxSchema::install);
        } catch (JdbiException e) {
            throw new OutboxException("Could not install the cqrs-kit outbox schema " + RESOURCES + ": "
                    + e.getMessage() + ". The user needs CREATE rights on the first schema of its search_path.", e);
        }
    }

    /**
     * Creates the tables if they do not exist, inside the caller's transaction.
     *
     * @param handle an open handle, usually in a transaction
     * @throws OutboxException if a statement fails
     */
    public static void install(Handle handle) {
        Objects.requireNonNull(handle, "handle must not be null");
        handle.execute("SELECT pg_advisory_xact_lock(?)", INSTALL_LOCK);
        for (String resource : RESOURCES) {
            // One multi-statement execute: the scripts hold dollar-quoted function bodies.
            try (java.sql.Statement statement = handle.getConnection().createStatement()) {
                statement.execute(read(resource));
            } catch (java.sql.SQLException e) {
                throw new OutboxException("Schema resource " + resource + " failed: " + e.getMessage()
                        + ". The user needs CREATE rights on the first schema of its search_path.", e);
            }
        }
    }

    /**
     * Returns the SQL of one resource.
     *
     * @param resource one of {@link #RESOURCES}
     * @return its text
     */
    public static String sql(String resource) {
        return read(resource);
    }

    private static String read(String resource) {
        try (InputStream in = OutboxSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new OutboxException("Schema resource " + resource + " is missing from the classpath;"
                        + " is the cqrs-outbox jar complete? It holds " + RESOURCES + ".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutboxException("Could not read schema resource " + resource + ": " + e.getMessage(), e);
        }
    }
}
