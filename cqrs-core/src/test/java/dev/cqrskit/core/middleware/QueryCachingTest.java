package dev.cqrskit.core.middleware;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Fixtures.UserById;
import dev.cqrskit.core.Fixtures.UserRegistered;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.bus.QueryBus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryCachingTest {

    record NameChanged(String id) implements DomainEvent {
    }

    record AllUsers() implements Query<List<String>> {
    }

    record Uncached(String id) implements Query<String> {
    }

    private final InMemoryQueryCache cache = new InMemoryQueryCache();
    private final AtomicInteger userByIdCalls = new AtomicInteger();
    private final AtomicInteger allUsersCalls = new AtomicInteger();
    private final QueryCaching caching = QueryCaching.builder(cache)
            .cache(UserById.class)
            .evictOn(NameChanged.class, UserById.class, event -> new UserById(event.id()))
            .cache(AllUsers.class)
            .evictAllOn(UserRegistered.class, AllUsers.class)
            .build();
    private final QueryBus queries = QueryBus.builder().middleware(caching.middleware())
            .handle(UserById.class, query -> "user " + query.id() + " #" + userByIdCalls.incrementAndGet())
            .handle(AllUsers.class, query -> List.of("all #" + allUsersCalls.incrementAndGet()))
            .handle(Uncached.class, query -> null)
            .build();
    private final EventBus events = EventBus.builder().subscribe(DomainEvent.class, caching.invalidator()).build();

    @Test
    void servesRepeatedQueriesFromTheCache() {
        assertThat(queries.dispatch(new UserById("1"))).isEqualTo("user 1 #1");
        assertThat(queries.dispatch(new UserById("1"))).isEqualTo("user 1 #1");
        assertThat(queries.dispatch(new UserById("2"))).isEqualTo("user 2 #2");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void evictsTheQueryAnEventNames() {
        queries.dispatch(new UserById("1"));
        queries.dispatch(new UserById("2"));

        events.publish(new NameChanged("1"));

        assertThat(queries.dispatch(new UserById("1"))).isEqualTo("user 1 #3");
        assertThat(queries.dispatch(new UserById("2"))).isEqualTo("user 2 #2");
    }

    @Test
    void evictsEveryAnswerOfAQueryTypeOnAnEvent() {
        queries.dispatch(new AllUsers());
        queries.dispatch(new UserById("1"));

        events.publish(new UserRegistered("x"));

        assertThat(queries.dispatch(new AllUsers())).containsExactly("all #2");
        assertThat(queries.dispatch(new UserById("1"))).isEqualTo("user 1 #1");
    }

    @Test
    void keepsTenantsApart() {
        Metadata acme = Metadata.root(id(1), NOW).withTenant("acme");
        Metadata other = Metadata.root(id(2), NOW).withTenant("other");

        assertThat(queries.dispatch(new UserById("1"), acme)).isEqualTo("user 1 #1");
        assertThat(queries.dispatch(new UserById("1"), other)).isEqualTo("user 1 #2");

        events.publish(new EventMessage<>(new NameChanged("1"), Metadata.root(id(3), NOW).withTenant("acme")));

        assertThat(queries.dispatch(new UserById("1"), acme)).isEqualTo("user 1 #3");
        assertThat(queries.dispatch(new UserById("1"), other)).isEqualTo("user 1 #2");
    }

    @Test
    void doesNotCacheNullAnswersOrTypesNotChosen() {
        assertThat(queries.dispatch(new Uncached("1"))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void doesNotStoreAnAnswerComputedWhileAnEvictionRan() {
        AtomicReference<QueryBus> racing = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        racing.set(QueryBus.builder().middleware(caching.middleware())
                .handle(UserById.class, query -> {
                    if (calls.incrementAndGet() == 1) {
                        events.publish(new NameChanged(query.id()));   // an update commits meanwhile
                    }
                    return "answer " + calls.get();
                })
                .build());

        assertThat(racing.get().dispatch(new UserById("1"))).isEqualTo("answer 1");
        assertThat(racing.get().dispatch(new UserById("1"))).isEqualTo("answer 2");
        assertThat(racing.get().dispatch(new UserById("1"))).isEqualTo("answer 2");
    }

    @Test
    void rejectsAnEvictionOfAQueryTypeThatIsNotCached() {
        assertThatThrownBy(() -> QueryCaching.builder(cache).evictAllOn(UserRegistered.class, AllUsers.class).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("An eviction names dev.cqrskit.core.middleware.QueryCachingTest$AllUsers, which is not"
                        + " cached. Add .cache(AllUsers.class) or remove the eviction.");
    }
}
