package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.QueryCache;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link QueryCache} in a {@link ConcurrentHashMap}, unbounded and without expiry: for tests, demos and small,
 * bounded sets of queries. Threadsafe.
 *
 * @since 0.1.0
 */
public final class InMemoryQueryCache implements QueryCache {

    private final ConcurrentHashMap<Key, Object> entries = new ConcurrentHashMap<>();

    /** Creates an empty cache. */
    public InMemoryQueryCache() {
    }

    @Override
    public Optional<Object> get(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(Key key, Object value) {
        entries.put(key, Objects.requireNonNull(value, "value must not be null"));
    }

    @Override
    public void evict(Key key) {
        entries.remove(key);
    }

    @Override
    public void evictAll(Class<?> queryType) {
        entries.keySet().removeIf(key -> key.query().getClass() == queryType);
    }

    /** @return the number of entries */
    public int size() {
        return entries.size();
    }
}
