package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.METADATA;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.fixture.WriteSliceFixture;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * cqrs-test's {@link WriteSliceFixture} runs a write slice's steps in memory; this test runs the same scenarios
 * through the real {@link WriteSlice} on PostgreSQL and checks that the fixture reaches the same verdict: the same
 * appended events, and the same {@link ConcurrencyConflictException} message when another writer appends between
 * the slice's read and its append.
 */
@ExtendWith(PostgresExtension.class)
class WriteSliceFixtureAgreementIT {

    /** Adds the next note to a stream. */
    record AddNote(String stream) {
    }

    private static final BiFunction<List<Noted>, AddNote, List<? extends Noted>> NEXT_NOTE =
            (past, command) -> List.of(new Noted(command.stream(), past.size() + 1L));

    private static Jdbi jdbi;
    private static EventStore store;

    @BeforeAll
    static void install(PostgresDatabase database) {
        jdbi = EventStoreFixtures.aDatabase(database.dataSource());
        store = new EventStore(new JdbiTransactionBoundary(jdbi), CODEC);
    }

    @Test
    void bothAppendTheDecidedEventsAtTheVersionTheyRead() {
        String stream = "Note:" + UUID.randomUUID();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 2));

        AppendResult result = WriteSlice.of(store, new Outbox(CODEC), METADATA, Noted.class, AddNote::stream,
                NEXT_NOTE).execute(new AddNote(stream));

        assertThat(result.version()).isEqualTo(3);
        assertThat(store.readStream(stream, 3)).extracting(RecordedEvent::event).containsExactly(new Noted(stream, 3));
        WriteSliceFixture.of(AddNote::stream, NEXT_NOTE)
                .given(new Noted(stream, 1), new Noted(stream, 2))
                .when(new AddNote(stream))
                .thenEvents(new Noted(stream, 3))
                .thenStreamVersion(3);
    }

    @Test
    void bothFailWithTheSameConflictWhenAnotherWriterAppendsBetweenReadAndAppend() {
        String stream = "Note:" + UUID.randomUUID();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 2));
        WriteSlice<AddNote, Noted> racing = WriteSlice.of(store, new Outbox(CODEC), METADATA, Noted.class,
                AddNote::stream, (past, command) -> {
                    // another writer commits an append after the slice's read; on another thread, since Jdbi
                    // would join this thread's open handle
                    CompletableFuture.runAsync(() -> jdbi.useTransaction(other -> EventStoreFixtures.storeOn(other)
                            .append(stream, ExpectedVersion.any(), notes(stream, 99, 1)))).join();
                    return NEXT_NOTE.apply(past, command);
                });

        ConcurrencyConflictException real = catchThrowableOfType(ConcurrencyConflictException.class,
                () -> racing.execute(new AddNote(stream)));

        assertThat(real).isNotNull();
        assertThat(store.version(stream)).isEqualTo(3);
        WriteSliceFixture.of(AddNote::stream, NEXT_NOTE)
                .given(new Noted(stream, 1), new Noted(stream, 2))
                .givenConcurrentAppend(new Noted(stream, 99))
                .when(new AddNote(stream))
                .thenException(ConcurrencyConflictException.class, real.getMessage())
                .thenStreamVersion(3);
    }
}
