package dev.cqrskit.it;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.AggregateRoot;
import dev.cqrskit.core.domain.Repository;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.jdbi.CommittedEvents;
import dev.cqrskit.outbox.jdbi.JdbiAggregateRepository;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.contract.RepositoryContract;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * cqrs-test's {@link RepositoryContract}, the same one the in-memory fake runs, against a
 * {@link JdbiAggregateRepository} on real PostgreSQL: the fake and the real thing keep one contract.
 */
@ExtendWith(PostgresExtension.class)
class JdbiRepositoryContractIT extends RepositoryContract<JdbiRepositoryContractIT.Counter, UUID> {

    /** A counter, the smallest state-stored aggregate. */
    static final class Counter extends AggregateRoot<UUID> {
        private int value;

        Counter(UUID id, long version, int value) {
            super(id, version);
            this.value = value;
        }

        static Counter start(UUID id) {
            Counter counter = new Counter(id, NEW, 0);
            counter.record(new Counted(id, 0));
            return counter;
        }

        void increment() {
            value++;
            record(new Counted(id(), value));
        }
    }

    /** What a counter records. */
    record Counted(UUID id, int value) implements DomainEvent {
    }

    /** The repository under test. */
    static final class JdbiCounters extends JdbiAggregateRepository<Counter, UUID> {
        JdbiCounters(JdbiTransactionBoundary transactions, Outbox outbox, MetadataFactory metadata) {
            super("Counter", transactions, outbox, metadata, CommittedEvents.NONE);
        }

        @Override
        protected Optional<Counter> load(Handle handle, UUID id) {
            return handle.createQuery("SELECT value, version FROM counters WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> new Counter(id, rs.getLong("version"), rs.getInt("value"))).findOne();
        }

        @Override
        protected void insert(Handle handle, Counter counter, long version) {
            handle.execute("INSERT INTO counters (id, value, version) VALUES (?, ?, ?)", counter.id(), counter.value,
                    version);
        }

        @Override
        protected int update(Handle handle, Counter counter, long expectedVersion, long newVersion) {
            return handle.execute("UPDATE counters SET value = ?, version = ? WHERE id = ? AND version = ?",
                    counter.value, newVersion, counter.id(), expectedVersion);
        }
    }

    private static Jdbi jdbi;
    private static Outbox outbox;
    private static JdbiCounters counters;

    @BeforeAll
    static void install(PostgresDatabase database) {
        jdbi = Jdbi.create(database.dataSource());
        CqrsSchema.install(jdbi);
        jdbi.useHandle(handle -> handle.execute(
                "CREATE TABLE counters (id UUID PRIMARY KEY, value INTEGER NOT NULL, version BIGINT NOT NULL)"));
        outbox = new Outbox(new EventCodec(EventTypes.builder().add(Counted.class, "it.Counted.v1").build(), EventSerializer.jackson()));
        counters = new JdbiCounters(new JdbiTransactionBoundary(jdbi), outbox, MetadataFactory.systemDefault());
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
        return counter.value;
    }

    @Override
    protected List<? extends DomainEvent> storedEvents(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT event_type, payload::text AS payload FROM cqrs_outbox WHERE ordering_key = :key ORDER BY id")
                .bind("key", "Counter:" + id)
                .map((rs, ctx) -> outbox.codec().decode(new SerializedEvent(rs.getString("event_type"), "Counter:" + id,
                        rs.getString("payload"), Metadata.root(UUID.randomUUID(), Instant.EPOCH))).event())
                .list());
    }
}
