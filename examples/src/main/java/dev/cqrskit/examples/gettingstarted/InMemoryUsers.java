package dev.cqrskit.examples.gettingstarted;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.domain.ConcurrencyConflictException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An adapter for {@link Users} that keeps rows in memory and publishes the saved events on an {@link EventBus}. The
 * Jdbi version in cqrs-outbox writes the rows and the outbox in one transaction instead.
 */
public final class InMemoryUsers implements Users {

    private record Row(long version, String email) {
    }

    private final Map<UserId, Row> rows = new ConcurrentHashMap<>();
    private final MetadataFactory metadata;
    private final EventBus events;

    public InMemoryUsers(MetadataFactory metadata, EventBus events) {
        this.metadata = metadata;
        this.events = events;
    }

    @Override
    public Optional<User> find(UserId id) {
        return Optional.ofNullable(rows.get(id)).map(row -> User.restore(id, row.version(), row.email()));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return rows.entrySet().stream().filter(entry -> entry.getValue().email().equals(email)).findFirst()
                .map(entry -> User.restore(entry.getKey(), entry.getValue().version(), email));
    }

    @Override
    public void save(User user) {
        long next = user.version() + 1;
        Row stored = rows.compute(user.id(), (id, current) -> {
            long currentVersion = current == null ? User.NEW : current.version();
            if (currentVersion != user.version()) {
                throw ConcurrencyConflictException.of("User", id.value(), user.version(), currentVersion);
            }
            return new Row(next, user.email());
        });
        // tag::stamp[]
        List<EventMessage<DomainEvent>> stamped = metadata.stamp(user.uncommittedEvents());
        user.markCommitted(stored.version());
        events.publishAll(stamped);
        // end::stamp[]
    }
}
