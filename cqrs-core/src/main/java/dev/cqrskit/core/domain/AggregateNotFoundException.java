package dev.cqrskit.core.domain;

import dev.cqrskit.core.CqrsException;

/**
 * Thrown by {@link Repository#get} when no aggregate has the id.
 *
 * @since 0.1.0
 */
public final class AggregateNotFoundException extends CqrsException {

    private static final long serialVersionUID = 1L;

    private final transient Object id;

    /**
     * Creates the exception.
     *
     * @param id the id that was not found
     */
    public AggregateNotFoundException(Object id) {
        super("No aggregate with id " + id + " exists. Use Repository.find(id) where absence is expected.");
        this.id = id;
    }

    /** @return the id that was not found */
    public Object id() {
        return id;
    }
}
