package dev.cqrskit.core.domain;

import java.util.Optional;
import java.util.OptionalLong;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when an aggregate is saved but another transaction changed it since it was loaded. Nothing was stored.
 * Reload and run the command again; {@code RetryMiddleware} does that for you.
 *
 * @since 0.1.0
 */
public final class ConcurrencyConflictException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final String aggregateType;
    private final String aggregateId;
    private final long expectedVersion;
    private final long actualVersion;

    /**
     * Creates the exception for a version mismatch.
     *
     * @param aggregateType   the aggregate's type name
     * @param id              its id
     * @param expectedVersion the version it was loaded at
     * @param actualVersion   the version stored now, or -1 if unknown
     * @return the exception
     */
    public static ConcurrencyConflictException of(String aggregateType, Object id, long expectedVersion,
                                                  long actualVersion) {
        String found = actualVersion < 0 ? "a different version" : "version " + actualVersion;
        return new ConcurrencyConflictException(aggregateType + " " + id + " was changed concurrently: it was loaded at"
                + " version " + expectedVersion + " but the store holds " + found + ". Nothing was saved;"
                + " reload it and retry the command (RetryMiddleware does this).",
                aggregateType, String.valueOf(id), expectedVersion, actualVersion);
    }

    /**
     * Creates the exception.
     *
     * @param message which aggregate, which versions, and what to do
     */
    public ConcurrencyConflictException(String message) {
        this(message, null, null, -1, -1);
    }

    private ConcurrencyConflictException(String message, String aggregateType, String aggregateId,
                                         long expectedVersion, long actualVersion) {
        super(message);
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** @return the type name of the aggregate or stream that conflicted, when known */
    public Optional<String> aggregateType() {
        return Optional.ofNullable(aggregateType);
    }

    /** @return the id of the aggregate or stream that conflicted, as text, when known */
    public Optional<String> aggregateId() {
        return Optional.ofNullable(aggregateId);
    }

    /** @return the version the writer expected, when known */
    public OptionalLong expectedVersion() {
        return aggregateType == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
    }

    /** @return the version found in the store, when known */
    public OptionalLong actualVersion() {
        return actualVersion < 0 ? OptionalLong.empty() : OptionalLong.of(actualVersion);
    }
}
