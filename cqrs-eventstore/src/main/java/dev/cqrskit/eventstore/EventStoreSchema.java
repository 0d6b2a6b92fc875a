package dev.cqrskit.eventstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Installs the event store's tables ({@code cqrs_streams}, {@code cqrs_events}, {@code cqrs_subscriptions},
 * {@code cqrs_subscription_skips}, {@code cqrs_events_wakeup}) from the resource {@value #RESOURCE}.
 *
 * <pre>{@code
 * EventStoreSchema.install(jdbi);
 * }</pre>
 *
 * <p>Installing is idempotent and safe to run from several processes at once: it takes a transaction-level advisory
 * lock. Tables go into the first schema of the connection's {@code search_path}. This is a stop-gap until the
 * versioned schema installer of cqrs-outbox registers the same resource. This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class EventStoreSchema {

    /** The schema resource, on the classpath. */
    public static final String RESOURCE = "db/cqrs-kit/eventstore/0001_eventstore.sql";

    private static final long INSTALL_LOCK = 0x6371_7273_6b69_7402L;

    private EventStoreSchema() {
    }

    /**
     * Creates the tables if they do not exist, in one transaction.
     *
     * @param jdbi the database
     * @throws EventStoreException if a statement fails
     */
    public static void install(Jdbi jdbi) {
        Objects.requireNonNull(jdbi, "jdbi must not be null");
        try {
            jdbi.useTransaction(EventStoreSchema::install);
        } catch (JdbiException e) {
            throw new EventStoreException("Could not install the cqrs-kit event store schema " + RESOURCE + ": "
                    + e.getMessage() + ". The user needs CREATE rights on the first schema of its search_path.", e);
        }
    }

    /**
     * Creates the tables if they do not exist, inside the caller's transaction.
     *
     * @param handle an open handle, usually in a transaction
     * @throws EventStoreException if a statement fails
     */
    public static void install(Handle handle) {
        Objects.requireNonNull(handle, "handle must not be null");
        handle.execute("SELECT pg_advisory_xact_lock(?)", INSTALL_LOCK);
        // One multi-statement execute: the script holds a dollar-quoted function body.
        try (Statement statement = handle.getConnection().createStatement()) {
            statement.execute(sql());
        } catch (SQLException e) {
            throw new EventStoreException("Schema resource " + RESOURCE + " failed: " + e.getMessage()
                    + ". It needs PostgreSQL 13 or later (xid8, pg_snapshot) and CREATE rights.", e);
        }
    }

    /** @return the SQL of {@link #RESOURCE} */
    public static String sql() {
        try (InputStream in = EventStoreSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EventStoreException("Schema resource " + RESOURCE + " is missing from the classpath;"
                        + " is the cqrs-eventstore jar complete?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EventStoreException("Could not read schema resource " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
