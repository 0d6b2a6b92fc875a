package dev.cqrskit.outbox.schema;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when a schema version recorded in {@code cqrs_schema_history} no longer has the checksum of the resource
 * that ships under its number: someone edited a released script, or the database was installed by a different
 * build. Nothing is installed when it is thrown.
 *
 * @since 0.1.0
 */
public final class SchemaChecksumMismatchException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final int version;

    /**
     * Creates the exception.
     *
     * @param version the version whose checksum differs
     * @param message what happened and how to fix it
     */
    public SchemaChecksumMismatchException(int version, String message) {
        super(message);
        this.version = version;
    }

    /**
     * Returns the version whose recorded checksum differs from its script's.
     *
     * @return the version
     */
    public int version() {
        return version;
    }
}
