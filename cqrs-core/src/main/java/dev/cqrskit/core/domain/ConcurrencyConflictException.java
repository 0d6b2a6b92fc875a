package dev.cqrskit.core.domain;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown when an aggregate is saved but another transaction changed it since it was loaded. Nothing was stored.
 * Reload and run the command again; {@code RetryMiddleware} does that for you.
 *
 * @since 0.1.0
 */
public final class ConcurrencyConflictException extends CqrsException {

    private static final long serialVersionUID = 1L;

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
                + " reload it and retry the command (RetryMiddleware does this).");
    }

    /**
     * Creates the exception.
     *
     * @param message which aggregate, which versions, and what to do
     */
    public ConcurrencyConflictException(String message) {
        super(message);
    }
}
