package dev.cqrskit.core.spi;

import dev.cqrskit.core.spi.QueryCache;
import dev.cqrskit.core.Query;

import java.util.Objects;
import java.util.Optional;

/**
 * Stores query results for {@code QueryCaching}. {@code InMemoryQueryCache} serves tests and single nodes; in
 * production back it with Caffeine (bounded size, expiry, statistics) in a few lines.
 *
 * <p>Implementations are threadsafe; they may drop entries at any time.
 *
 * @since 0.1.0
 */
public interface QueryCache {

    /**
     * Returns a cached result.
     *
     * @param key the tenant and query
     * @return the result, or empty
     */
    Optional<Object> get(Key key);

    /**
     * Stores a result.
     *
     * @param key   the tenant and query
     * @param value the result, never null
     */
    void put(Key key, Object value);

    /**
     * Removes one entry.
     *
     * @param key the tenant and query
     */
    void evict(Key key);

    /**
     * Removes every entry of a query type, for all tenants.
     *
     * @param queryType the query type
     */
    void evictAll(Class<?> queryType);

    /**
     * Identifies a cached result: the query (records compare by value) within a tenant.
     *
     * @param tenant the tenant, or the empty string for none
     * @param query  the query
     * @since 0.1.0
     */
    record Key(String tenant, Query<?> query) {
        /** Validates the parts. */
        public Key {
            Objects.requireNonNull(tenant, "tenant must not be null; use \"\" for none");
            Objects.requireNonNull(query, "query must not be null");
        }
    }
}
