package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;

import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.contract.StreamContract;
import dev.cqrskit.test.fake.InMemoryEventStreams.Appended;
import dev.cqrskit.test.fake.InMemoryEventStreams.Recorded;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * cqrs-test's {@link StreamContract}, the one {@code InMemoryEventStreams} runs, against {@link EventStore} on real
 * PostgreSQL: the fake's expected-version rules, conflict messages and positions are the store's.
 */
@ExtendWith(PostgresExtension.class)
class EventStoreStreamContractIT extends StreamContract {

    private static HikariDataSource pool;
    private static EventStore store;

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        store = new EventStore(new JdbiTransactionBoundary(EventStoreFixtures.aDatabase(pool)), CODEC);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Override
    protected Appended append(String streamId, long expectedVersion, List<EventMessage<DomainEvent>> messages) {
        AppendResult result = store.append(streamId, new ExpectedVersion(expectedVersion), messages);
        return new Appended(result.streamId(), result.version(), result.firstPosition(), result.lastPosition());
    }

    @Override
    protected List<Recorded> readStream(String streamId, long fromVersion) {
        return store.readStream(streamId, fromVersion).stream().map(EventStoreStreamContractIT::recorded).toList();
    }

    @Override
    protected List<Recorded> readAll(long fromPosition, int limit) {
        return store.readAll(fromPosition, limit).stream().map(EventStoreStreamContractIT::recorded).toList();
    }

    @Override
    protected long version(String streamId) {
        return store.version(streamId);
    }

    @Override
    protected DomainEvent anEvent(String streamId, long n) {
        return new Noted(streamId, n);
    }

    private static Recorded recorded(RecordedEvent event) {
        return new Recorded(event.position(), event.streamId(), event.streamVersion(), event.message());
    }
}
