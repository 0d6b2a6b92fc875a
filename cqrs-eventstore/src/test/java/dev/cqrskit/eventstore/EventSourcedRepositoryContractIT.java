package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.METADATA;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.contract.RepositoryContract;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * cqrs-test's {@link RepositoryContract}, the one the in-memory fake and the state-stored Jdbi repository run,
 * against {@link EventSourcedRepository} on real PostgreSQL, publishing to the outbox as well.
 */
@ExtendWith(PostgresExtension.class)
class EventSourcedRepositoryContractIT extends RepositoryContract<Counter, UUID> {

    private static com.zaxxer.hikari.HikariDataSource pool;
    private static EventStore store;
    private static EventSourcedRepository<Counter, UUID, Counter.Counted> counters;

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        store = new EventStore(new JdbiTransactionBoundary(EventStoreFixtures.aDatabase(pool)), CODEC);
        counters = new EventSourcedRepository<>("Counter", store.publishingTo(new Outbox(CODEC)), METADATA,
                Counter.Counted.class, Counter::restore);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Override
    protected Repository<Counter, UUID> repository() {
        return counters;
    }

    @Override
    protected UUID newId() {
        return UUID.randomUUID();
    }

    @Override
    protected Counter create(UUID id) {
        return Counter.start(id);
    }

    @Override
    protected void change(Counter counter) {
        counter.increment();
    }

    @Override
    protected Object stateOf(Counter counter) {
        return counter.value();
    }

    @Override
    protected List<? extends DomainEvent> storedEvents(UUID id) {
        return store.readStream(counters.streamId(id), 1).stream().map(RecordedEvent::event).toList();
    }
}
