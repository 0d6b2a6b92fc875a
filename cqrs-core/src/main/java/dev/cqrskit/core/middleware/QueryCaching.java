package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.spi.QueryCache;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.bus.EventSubscriber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Caches the answers of chosen query types and evicts them when the domain events that change them are published.
 *
 * <pre>{@code
 * QueryCaching caching = QueryCaching.builder(new InMemoryQueryCache())
 *         .cache(UserById.class)
 *         .evictOn(PasswordChanged.class, UserById.class, event -> new UserById(event.userId()))
 *         .cache(UsersPage.class)
 *         .evictAllOn(UserRegistered.class, UsersPage.class)
 *         .build();
 * QueryBus queries = QueryBus.builder().middleware(caching.middleware())...build();
 * EventBus events = EventBus.builder().subscribe(DomainEvent.class, caching.invalidator())...build();
 * }</pre>
 *
 * <p>Entries are kept per tenant (from the metadata). {@code null} answers are not cached. A result computed while
 * an eviction of its query type happens is not stored, so a query racing an update never caches the stale answer.
 * Threadsafe.
 *
 * @since 0.1.0
 */
public final class QueryCaching {

    private final QueryCache cache;
    private final Set<Class<?>> cachedTypes;
    private final Map<Class<?>, List<Eviction>> evictions;
    private final ConcurrentHashMap<Class<?>, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Middleware middleware = new CachingMiddleware();
    private final EventSubscriber<DomainEvent> invalidator = this::evictFor;

    private QueryCaching(Builder builder) {
        this.cache = builder.cache;
        this.cachedTypes = Set.copyOf(builder.cachedTypes);
        Map<Class<?>, List<Eviction>> copy = new HashMap<>();
        builder.evictions.forEach((type, list) -> copy.put(type, List.copyOf(list)));
        this.evictions = Map.copyOf(copy);
        for (Class<?> type : cachedTypes) {
            generations.put(type, new AtomicLong());
        }
    }

    /**
     * Starts configuring caching on a cache.
     *
     * @param cache where results are kept
     * @return a builder
     */
    public static Builder builder(QueryCache cache) {
        return new Builder(cache);
    }

    /** @return the middleware to add to the {@code QueryBus} */
    public Middleware middleware() {
        return middleware;
    }

    /** @return the subscriber to register on the {@code EventBus} for {@link DomainEvent} */
    public EventSubscriber<DomainEvent> invalidator() {
        return invalidator;
    }

    private void evictFor(DomainEvent event) {
        for (Map.Entry<Class<?>, List<Eviction>> entry : evictions.entrySet()) {
            if (!entry.getKey().isInstance(event)) {
                continue;
            }
            for (Eviction eviction : entry.getValue()) {
                generations.get(eviction.queryType).incrementAndGet();
                if (eviction.keyOf == null) {
                    cache.evictAll(eviction.queryType);
                } else {
                    cache.evict(new QueryCache.Key(tenant(), eviction.keyOf.apply(event)));
                }
            }
        }
    }

    private static String tenant() {
        return MessageContext.current().flatMap(Metadata::tenant).orElse("");
    }

    private final class CachingMiddleware implements Middleware {
        @Override
        public Object invoke(Request<?> request, Next next) {
            QueryCache.Key key = new QueryCache.Key(tenant(), (Query<?>) request);
            Optional<Object> hit = cache.get(key);
            if (hit.isPresent()) {
                return hit.get();
            }
            AtomicLong generation = generations.get(request.getClass());
            long before = generation.get();
            Object result = next.invoke(request);
            if (result != null && generation.get() == before) {
                cache.put(key, result);
            }
            return result;
        }

        @Override
        public boolean appliesTo(Class<?> requestType) {
            return cachedTypes.contains(requestType);
        }
    }

    private static final class Eviction {
        final Class<?> queryType;
        final Function<DomainEvent, Query<?>> keyOf;

        Eviction(Class<?> queryType, Function<DomainEvent, Query<?>> keyOf) {
            this.queryType = queryType;
            this.keyOf = keyOf;
        }
    }

    /**
     * Chooses what to cache and what evicts it. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final QueryCache cache;
        private final Set<Class<?>> cachedTypes = new HashSet<>();
        private final Map<Class<?>, List<Eviction>> evictions = new HashMap<>();

        private Builder(QueryCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache must not be null");
        }

        /**
         * Caches the answers of a query type (its exact class).
         *
         * @param queryType the query type
         * @return this builder
         */
        public Builder cache(Class<? extends Query<?>> queryType) {
            cachedTypes.add(Objects.requireNonNull(queryType, "queryType must not be null"));
            return this;
        }

        /**
         * Evicts one query's answer when an event is published.
         *
         * @param eventType the event type (subtypes included)
         * @param queryType the cached query type
         * @param queryOf   names the query whose answer the event changed
         * @param <E>       the event type
         * @param <Q>       the query type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <E extends DomainEvent, Q extends Query<?>> Builder evictOn(
                Class<E> eventType, Class<Q> queryType, Function<? super E, ? extends Q> queryOf) {
            Objects.requireNonNull(queryOf, "queryOf must not be null");
            return addEviction(eventType, queryType, event -> queryOf.apply((E) event));
        }

        /**
         * Evicts every answer of a query type when an event is published.
         *
         * @param eventType the event type (subtypes included)
         * @param queryType the cached query type
         * @return this builder
         */
        public Builder evictAllOn(Class<? extends DomainEvent> eventType, Class<? extends Query<?>> queryType) {
            return addEviction(eventType, queryType, null);
        }

        private Builder addEviction(Class<?> eventType, Class<?> queryType, Function<DomainEvent, Query<?>> keyOf) {
            Objects.requireNonNull(eventType, "eventType must not be null");
            Objects.requireNonNull(queryType, "queryType must not be null");
            evictions.computeIfAbsent(eventType, type -> new ArrayList<>()).add(new Eviction(queryType, keyOf));
            return this;
        }

        /**
         * Builds the caching.
         *
         * @return the caching
         * @throws IllegalStateException if an eviction names a query type that is not cached
         */
        public QueryCaching build() {
            evictions.values().forEach(list -> list.forEach(eviction -> {
                if (!cachedTypes.contains(eviction.queryType)) {
                    throw new IllegalStateException("An eviction names " + eviction.queryType.getName()
                            + ", which is not cached. Add .cache(" + eviction.queryType.getSimpleName()
                            + ".class) or remove the eviction.");
                }
            }));
            return new QueryCaching(this);
        }
    }
}
