package dev.cqrskit.outbox.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of the cqrs-kit schema: a number, a description and a SQL resource on the classpath.
 *
 * <p>Versions are unique across all cqrs-kit modules, since their tables share one history
 * ({@code cqrs_schema_history}); each module owns the numbers it ships and never reuses or edits one once released:
 * a changed resource is refused by {@link SchemaInstaller} ({@link SchemaChecksumMismatchException}). A change to
 * an existing table (a column, an index, a storage parameter) is a new version with {@code ALTER} statements. The
 * script runs as one multi-statement JDBC call inside the installer's transaction, so it may hold dollar-quoted
 * function bodies but no {@code CREATE INDEX CONCURRENTLY} or {@code VACUUM}.
 *
 * <pre>{@code
 * SchemaMigration streams = SchemaMigration.of(4, "event streams", "db/cqrs-kit/0004_event_streams.sql");
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe; the SQL is read from the class loader of this class when first asked.
 *
 * @param version     the version, at least 1, unique across cqrs-kit
 * @param description what the version does, recorded in the history
 * @param resource    the classpath path of the SQL, without a leading slash
 * @since 0.1.0
 */
public record SchemaMigration(int version, String description, String resource) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the version is below 1 or a text is blank
     */
    public SchemaMigration {
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(resource, "resource must not be null");
        if (version < 1) {
            throw new IllegalArgumentException("A schema version must be at least 1, but was " + version
                    + " for " + resource + ".");
        }
        if (description.isBlank() || resource.isBlank()) {
            throw new IllegalArgumentException("A schema version needs a description and a resource, but version "
                    + version + " had description '" + description + "' and resource '" + resource + "'.");
        }
        if (resource.startsWith("/")) {
            throw new IllegalArgumentException("Schema resource '" + resource + "' must be relative to the classpath"
                    + " root, without a leading slash, e.g. db/cqrs-kit/0001_outbox.sql.");
        }
    }

    /**
     * Returns a migration.
     *
     * @param version     the version, at least 1
     * @param description what it does
     * @param resource    the classpath path of its SQL
     * @return the migration
     */
    public static SchemaMigration of(int version, String description, String resource) {
        return new SchemaMigration(version, description, resource);
    }

    /**
     * Returns the SQL text, with line endings normalized to {@code \n}.
     *
     * @return the script
     * @throws SchemaInstallException if the resource is missing or unreadable
     */
    public String sql() {
        ClassLoader loader = SchemaMigration.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SchemaInstallException("Schema version " + version + " (" + description + "): resource "
                        + resource + " is missing from the classpath. Is the jar that ships it complete and on the"
                        + " class path?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new SchemaInstallException("Could not read schema resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the SHA-256 of the SQL text (after line ending normalization), in hex; the history records it.
     *
     * @return 64 hex digits
     * @throws SchemaInstallException if the resource is missing or unreadable
     */
    public String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(sql().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
