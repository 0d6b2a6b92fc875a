package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.METADATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.Decider;
import dev.cqrskit.core.domain.DomainException;
import dev.cqrskit.core.middleware.RetryMiddleware;
import dev.cqrskit.core.middleware.RetryPolicy;
import dev.cqrskit.core.middleware.TransactionMiddleware;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class WriteSliceIT {

    /** Adds a note to a stream; at most three notes per stream. */
    record AddNote(String stream) implements Command<AppendResult> {
    }

    /** The decider of a stream of notes: its state is the number of notes. */
    static final class Notes implements Decider<AddNote, Long, Noted> {
        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public List<Noted> decide(AddNote command, Long count) {
            if (count >= 3) {
                throw new DomainException("stream " + command.stream() + " is full") {
                    private static final long serialVersionUID = 1L;
                };
            }
            return List.of(new Noted(command.stream(), count + 1));
        }

        @Override
        public Long evolve(Long count, Noted event) {
            return event.n();
        }
    }

    private static com.zaxxer.hikari.HikariDataSource pool;
    private static Jdbi jdbi;
    private static JdbiTransactionBoundary transactions;
    private static EventStore store;
    private static Outbox outbox;

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        jdbi = EventStoreFixtures.aDatabase(pool);
        transactions = new JdbiTransactionBoundary(jdbi);
        store = new EventStore(transactions, CODEC);
        outbox = new Outbox(CODEC);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static String aStream() {
        return "Notes:" + UUID.randomUUID();
    }

    private static List<String> outboxIds(String stream) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT message_id::text FROM cqrs_outbox WHERE ordering_key = :key ORDER BY id")
                .bind("key", stream).mapTo(String.class).list());
    }

    private static List<String> storedIds(String stream) {
        return store.readStream(stream, 1).stream().map(e -> e.metadata().messageId().toString()).toList();
    }

    @Test
    void appendsTheDecidedEventsAndWritesTheSameEventsToTheOutbox() {
        WriteSlice<AddNote, Noted> slice = WriteSlice.deciding(store, outbox, METADATA, Noted.class,
                AddNote::stream, new Notes());
        String stream = aStream();

        slice.execute(new AddNote(stream));
        AppendResult second = slice.execute(new AddNote(stream));

        assertThat(second.version()).isEqualTo(2);
        assertThat(store.readStream(stream, 1)).extracting(RecordedEvent::event)
                .containsExactly(new Noted(stream, 1), new Noted(stream, 2));
        assertThat(outboxIds(stream)).hasSize(2).isEqualTo(storedIds(stream));
    }

    @Test
    void storesNeitherEventsNorOutboxRowsWhenTheCallersTransactionRollsBack() {
        WriteSlice<AddNote, Noted> slice = WriteSlice.of(store, outbox, METADATA, Noted.class, AddNote::stream,
                (past, command) -> List.of(new Noted(command.stream(), past.size() + 1)));
        String stream = aStream();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            slice.execute(new AddNote(stream));
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(store.readStream(stream, 1)).isEmpty();
        assertThat(outboxIds(stream)).isEmpty();
    }

    @Test
    void surfacesAConcurrentAppendAsAConflictAndTheRetryMiddlewareRunsTheCommandAgain() {
        String stream = aStream();
        AtomicInteger decisions = new AtomicInteger();
        WriteSlice<AddNote, Noted> slice = WriteSlice.of(store, outbox, METADATA, Noted.class, AddNote::stream,
                (past, command) -> {
                    if (decisions.incrementAndGet() == 1) {
                        // another writer, on another thread, appends between this command's read and its append
                        java.util.concurrent.CompletableFuture.runAsync(() -> store.append(stream,
                                ExpectedVersion.any(), EventStoreFixtures.notes(stream, past.size() + 1, 1))).join();
                    }
                    return List.of(new Noted(command.stream(), past.size() + 1));
                });
        assertThatThrownBy(() -> slice.execute(new AddNote(stream))).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(store.readStream(stream, 1)).hasSize(1);

        decisions.set(0);
        CommandBus bus = CommandBus.builder()
                .middleware(new RetryMiddleware(RetryPolicy.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build(),
                        transactions, RetryListener.NONE))
                .middleware(new TransactionMiddleware(transactions))
                .handle(AddNote.class, slice::execute)
                .build();

        AppendResult result = bus.dispatch(new AddNote(stream));

        assertThat(decisions.get()).isEqualTo(2);
        assertThat(result.version()).isEqualTo(3);
        assertThat(store.readStream(stream, 1)).extracting(RecordedEvent::event).extracting(e -> ((Noted) e).n())
                .containsExactly(1L, 2L, 3L);
        assertThat(outboxIds(stream)).as("the interfering writer does not publish; the slice's event does")
                .containsExactly(storedIds(stream).get(2));
    }

    @Test
    void aRefusedCommandStoresNothing() {
        WriteSlice<AddNote, Noted> slice = WriteSlice.deciding(store, outbox, METADATA, Noted.class,
                AddNote::stream, new Notes());
        String stream = aStream();
        for (int i = 0; i < 3; i++) {
            slice.execute(new AddNote(stream));
        }

        assertThatThrownBy(() -> slice.execute(new AddNote(stream))).isInstanceOf(DomainException.class);
        assertThat(store.version(stream)).isEqualTo(3);
    }

    @Test
    void aDecisionOfNoEventsStoresNothing() {
        WriteSlice<AddNote, Noted> slice = WriteSlice.of(store, outbox, METADATA, Noted.class, AddNote::stream,
                (past, command) -> List.of());
        String stream = aStream();

        assertThat(slice.execute(new AddNote(stream))).isEqualTo(new AppendResult(stream, 0, 0, 0));
        assertThat(outboxIds(stream)).isEmpty();
    }
}
