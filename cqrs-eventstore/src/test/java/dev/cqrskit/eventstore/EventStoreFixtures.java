package dev.cqrskit.eventstore;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.jdbi.HandleSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.test.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Test data and helpers for the event store tests. */
final class EventStoreFixtures {

    static final EventCodec CODEC = new EventCodec(EventTypes.builder()
            .add(Noted.class, "test.Noted.v1")
            .add(Counter.Counted.class, "test.Counted.v1")
            .build(), EventSerializer.jackson());

    static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private EventStoreFixtures() {
    }

    /** Returns a pooled data source: runners open a transaction per batch, as they would on a production pool. */
    static HikariDataSource pooled(PostgresDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    /** Installs the outbox and event store schemas plus a read model table, and returns the database. */
    static Jdbi aDatabase(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        EventStoreSchema.install(jdbi);
        jdbi.useHandle(handle -> handle.execute("CREATE TABLE IF NOT EXISTS seen (subscription TEXT NOT NULL,"
                + " stream TEXT NOT NULL, n BIGINT NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY,"
                + " PRIMARY KEY (subscription, stream, n))"));
        return jdbi;
    }

    /** Waits until a condition holds, checking every 20 ms; fails naming what it waited for after {@code within}. */
    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + within + " waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Returns events numbered {@code from} to {@code from + count - 1} of a stream, with fresh metadata. */
    static List<EventMessage<Noted>> notes(String stream, long from, int count) {
        List<EventMessage<Noted>> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new EventMessage<>(new Noted(stream, from + i), METADATA.root()));
        }
        return messages;
    }

    /** Returns one event with the given metadata. */
    static List<EventMessage<Noted>> note(String stream, long n, Metadata metadata) {
        return List.of(new EventMessage<>(new Noted(stream, n), metadata));
    }

    /** A store on one explicit handle, so a test can hold several transactions open on one thread. */
    static EventStore storeOn(Handle handle) {
        return new EventStore(new OneHandle(handle), CODEC);
    }

    /** A handle source over one handle whose transaction the test begins and ends itself. */
    record OneHandle(Handle handle) implements HandleSource {
        @Override
        public <T> T withHandle(Function<Handle, T> work) {
            return work.apply(handle);
        }

        @Override
        public void afterCommit(Runnable action) {
            handle.afterCommit(action::run);
        }

        @Override
        public boolean isInTransaction() {
            return handle.isInTransaction();
        }
    }
}
