package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.METADATA;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EventStoreIT {

    private static Jdbi jdbi;
    private static JdbiTransactionBoundary transactions;
    private static EventStore store;

    @BeforeAll
    static void install(PostgresDatabase database) {
        jdbi = EventStoreFixtures.aDatabase(database.dataSource());
        transactions = new JdbiTransactionBoundary(jdbi);
        store = new EventStore(transactions, CODEC);
    }

    private static String aStream() {
        return "Note:" + UUID.randomUUID();
    }

    @Test
    void appendsInOrderAndReadsTheStreamBackWithItsMetadata() {
        String stream = aStream();
        Metadata metadata = METADATA.root().withTenant("acme").withPrincipal("ada").withHeader("traceparent", "00-1");
        List<EventMessage<Noted>> events = List.of(new EventMessage<>(new Noted(stream, 1), metadata),
                new EventMessage<>(new Noted(stream, 2), METADATA.causedBy(metadata)));

        AppendResult result = store.append(stream, ExpectedVersion.noStream(), events);

        assertThat(result.version()).isEqualTo(2);
        assertThat(result.lastPosition()).isEqualTo(result.firstPosition() + 1);
        assertThat(result.position()).isEqualTo(result.lastPosition());
        List<RecordedEvent> read = store.readStream(stream, 1);
        assertThat(read).extracting(RecordedEvent::event).containsExactly(new Noted(stream, 1), new Noted(stream, 2));
        assertThat(read).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L);
        assertThat(read).extracting(RecordedEvent::position).containsExactly(result.firstPosition(),
                result.lastPosition());
        assertThat(read.get(0).metadata()).isEqualTo(metadata.toBuilder()
                .occurredAt(metadata.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS)).build());
        assertThat(store.readStream(stream, 2)).extracting(RecordedEvent::streamVersion).containsExactly(2L);
        assertThat(store.version(stream)).isEqualTo(2);
    }

    @Test
    void readsAnEventAppendedAloneBackExactlyAsOneAppendedAmongOthers() {
        // given: a single event takes the one-row statement, a few take more rows, many take the arrays
        String alone = aStream();
        String among = aStream();
        String amongMany = aStream();
        Metadata everything = METADATA.root().withTenant("acme").withPrincipal("ada\u0000")
                .withHeader("traceparent", "00-1").withHeader("x-note", "\"quoted\" {braces}");
        Metadata bare = METADATA.root();
        // when
        AppendResult first = store.append(alone, ExpectedVersion.noStream(),
                List.of(new EventMessage<>(new Noted(alone, 1), everything)));
        AppendResult second = store.append(alone, ExpectedVersion.exactly(1),
                List.of(new EventMessage<>(new Noted(alone, 2), bare)));
        store.append(among, ExpectedVersion.noStream(), List.of(new EventMessage<>(new Noted(alone, 1), everything),
                new EventMessage<>(new Noted(alone, 2), bare)));
        List<EventMessage<Noted>> many = new java.util.ArrayList<>(List.of(
                new EventMessage<>(new Noted(alone, 1), everything), new EventMessage<>(new Noted(alone, 2), bare)));
        many.addAll(notes(amongMany, 3, EventCodec.MAX_VALUES_ROWS));
        store.append(amongMany, ExpectedVersion.noStream(), many);
        // then
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.firstPosition()).isEqualTo(second.lastPosition()).isGreaterThan(first.lastPosition());
        List<RecordedEvent> readAlone = store.readStream(alone, 1);
        List<RecordedEvent> readAmong = store.readStream(among, 1);
        assertThat(readAlone).extracting(RecordedEvent::event)
                .containsExactlyElementsOf(readAmong.stream().map(RecordedEvent::event).toList());
        assertThat(readAlone).extracting(RecordedEvent::metadata)
                .containsExactlyElementsOf(readAmong.stream().map(RecordedEvent::metadata).toList());
        assertThat(readAlone).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L);
        assertThat(readAlone.get(0).metadata().principal()).contains("ada\uFFFD");
        List<RecordedEvent> readAmongMany = store.readStream(amongMany, 1).subList(0, 2);
        assertThat(readAmongMany).extracting(RecordedEvent::event).containsExactlyElementsOf(
                readAlone.stream().map(RecordedEvent::event).toList());
        assertThat(readAmongMany).extracting(RecordedEvent::metadata).containsExactlyElementsOf(
                readAlone.stream().map(RecordedEvent::metadata).toList());
    }

    @Test
    void storesATenantWithANulSanitizedInTheStreamAndItsEvents() {
        String stream = aStream();
        Metadata hostile = METADATA.root().withTenant("acme\u0000corp");

        store.append(stream, ExpectedVersion.noStream(), List.of(new EventMessage<>(new Noted(stream, 1), hostile)));

        assertThat(store.readStream(stream, 1)).singleElement()
                .satisfies(e -> assertThat(e.metadata().tenant()).contains("acme\uFFFDcorp"));
        String streamTenant = jdbi.withHandle(h -> h.createQuery("SELECT tenant FROM cqrs_streams WHERE stream_id = :s")
                .bind("s", stream).mapTo(String.class).one());
        assertThat(streamTenant).isEqualTo("acme\uFFFDcorp");
    }

    @Test
    void rejectsNoStreamWhenTheStreamExistsNamingStreamAndVersions() {
        String stream = aStream();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 2));

        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.noStream(), notes(stream, 3, 1)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining(stream)
                .hasMessageContaining("version 0")
                .hasMessageContaining("version 2");
        assertThat(store.readStream(stream, 1)).hasSize(2);
    }

    @Test
    void rejectsAStaleExpectedVersionAndStoresNothing() {
        String stream = aStream();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 1));
        store.append(stream, ExpectedVersion.exactly(1), notes(stream, 2, 1));

        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.exactly(1), notes(stream, 3, 1)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining("loaded at version 1 but the store holds version 2");
        assertThatThrownBy(() -> store.append(aStream(), ExpectedVersion.exactly(3), notes(stream, 1, 1)))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining("version 0");
        assertThat(store.version(stream)).isEqualTo(2);
    }

    @Test
    void appendsAtAnyVersion() {
        String stream = aStream();
        store.append(stream, ExpectedVersion.any(), notes(stream, 1, 1));
        AppendResult second = store.append(stream, ExpectedVersion.any(), notes(stream, 2, 3));

        assertThat(second.version()).isEqualTo(4);
        assertThat(store.readStream(stream, 1)).extracting(RecordedEvent::streamVersion)
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anEmptyAppendStoresNothingButChecksTheExpectation() {
        String stream = aStream();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 1));

        assertThat(store.append(stream, ExpectedVersion.exactly(1), List.of()))
                .isEqualTo(new AppendResult(stream, 1, 0, 0));
        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.exactly(4), List.of()))
                .isInstanceOf(ConcurrencyConflictException.class);
    }

    @Test
    void joinsTheCallersTransaction() {
        String stream = aStream();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 2));
            assertThat(store.readStream(stream, 1)).hasSize(2);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(store.readStream(stream, 1)).isEmpty();
        assertThat(store.version(stream)).isZero();
    }

    @Test
    void readsAllStreamsInPositionOrderFromAPosition() {
        String a = aStream();
        String b = aStream();
        AppendResult first = store.append(a, ExpectedVersion.noStream(), notes(a, 1, 2));
        store.append(b, ExpectedVersion.noStream(), notes(b, 1, 2));

        List<RecordedEvent> read = store.readAll(first.firstPosition(), 3);

        assertThat(read).extracting(RecordedEvent::event)
                .containsExactly(new Noted(a, 1), new Noted(a, 2), new Noted(b, 1));
        assertThatThrownBy(() -> store.readAll(1, 0)).hasMessage("limit must be between 1 and 10000, but was 0");
    }

    @Test
    void scopesReadsToATenantAndRejectsAnotherTenantsEvents() {
        String stream = aStream();
        EventStore acme = store.forTenant("acme");
        acme.append(stream, ExpectedVersion.noStream(), EventStoreFixtures.note(stream, 1, METADATA.root().withTenant("acme")));
        String other = aStream();
        store.append(other, ExpectedVersion.noStream(), EventStoreFixtures.note(other, 1, METADATA.root().withTenant("globex")));

        assertThat(acme.readStream(stream, 1)).hasSize(1);
        assertThat(acme.readStream(other, 1)).isEmpty();
        assertThat(store.forTenant("globex").readStream(other, 1)).hasSize(1);
        assertThatThrownBy(() -> acme.append(other, ExpectedVersion.any(), notes(other, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scoped to tenant 'acme'");
    }

    @Test
    void concurrentAppendsAtOneVersionLetExactlyOneWin() throws Exception {
        String stream = aStream();
        store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 1));
        try (Handle first = jdbi.open(); Handle second = jdbi.open()) {
            first.begin();
            second.begin();
            EventStoreFixtures.storeOn(first).append(stream, ExpectedVersion.exactly(1), notes(stream, 2, 1));
            java.util.concurrent.CompletableFuture<Throwable> loser = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            EventStoreFixtures.storeOn(second).append(stream, ExpectedVersion.exactly(1),
                                    notes(stream, 2, 1));
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    });
            Thread.sleep(100); // the second append waits on the stream row lock
            first.commit();
            assertThat(loser.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(ConcurrencyConflictException.class);
            second.rollback();
        }
        assertThat(store.version(stream)).isEqualTo(2);
    }

    @Test
    void turnsADeadlockBetweenTwoAppendsIntoAConflictToRetry() throws Exception {
        // given: two transactions, each holding one stream's row and then appending to the other's
        String a = aStream();
        String b = aStream();
        store.append(a, ExpectedVersion.noStream(), notes(a, 1, 1));
        store.append(b, ExpectedVersion.noStream(), notes(b, 1, 1));
        try (Handle first = jdbi.open(); Handle second = jdbi.open()) {
            for (Handle handle : List.of(first, second)) {
                handle.begin();
                handle.execute("SET LOCAL deadlock_timeout = '50ms'");
            }
            EventStoreFixtures.storeOn(first).append(a, ExpectedVersion.any(), notes(a, 2, 1));
            EventStoreFixtures.storeOn(second).append(b, ExpectedVersion.any(), notes(b, 2, 1));
            // when: each appends to the other's stream; PostgreSQL aborts one, whose rollback lets the other go on
            java.util.concurrent.CompletableFuture<Throwable> one = appendRollingBackOnFailure(first, b);
            java.util.concurrent.CompletableFuture<Throwable> other = appendRollingBackOnFailure(second, a);
            List<Throwable> failures = java.util.stream.Stream.of(one.get(10, java.util.concurrent.TimeUnit.SECONDS),
                    other.get(10, java.util.concurrent.TimeUnit.SECONDS)).filter(java.util.Objects::nonNull).toList();
            // then
            assertThat(failures).singleElement(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(ConcurrencyConflictException.class)
                    .hasMessageContaining("could not be appended to at any")
                    .hasMessageContaining("deadlock detected")
                    .hasMessageContaining("Nothing was saved; retry the command (RetryMiddleware does this).")
                    .cause().isInstanceOfSatisfying(java.sql.SQLException.class,
                            sql -> assertThat(sql.getSQLState()).isEqualTo("40P01"));
            for (Handle handle : List.of(first, second)) {
                if (handle.isInTransaction()) {
                    handle.commit();
                }
            }
        }
        assertThat(store.version(a) + store.version(b)).as("the winner appended to both streams, the loser to none")
                .isEqualTo(4);
    }

    private static java.util.concurrent.CompletableFuture<Throwable> appendRollingBackOnFailure(Handle handle,
                                                                                              String stream) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                EventStoreFixtures.storeOn(handle).append(stream, ExpectedVersion.any(), notes(stream, 3, 1));
                return null;
            } catch (RuntimeException e) {
                handle.rollback();
                return e;
            }
        });
    }

    @Test
    void explainsAnAppendWithoutTheSchema() {
        String stream = aStream();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            transactions.withHandle(h -> h.execute("SET LOCAL search_path TO pg_catalog"));
            return store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 1));
        })).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Could not append 1 event(s) to stream '" + stream + "'")
                .hasMessageContaining("relation \"cqrs_streams\" does not exist")
                .hasMessageContaining("Is the schema installed (EventStoreSchema.install)? The transaction must be"
                        + " rolled back.");
    }

    @Test
    void keepsTheAppendStatementsPreparedOnTheServerWithGenericPlans() {
        // given: pgjdbc prepares a statement on the server after five uses; PostgreSQL then plans it once, generically
        List<java.util.Map<String, Object>> prepared = transactions.inTransaction(() -> {
            int many = EventCodec.MAX_VALUES_ROWS + 1;
            for (int i = 0; i < 12; i++) {
                String stream = aStream();
                store.append(stream, ExpectedVersion.noStream(), notes(stream, 1, 1));
                store.append(stream, ExpectedVersion.exactly(1), notes(stream, 2, 2));
                store.append(stream, ExpectedVersion.exactly(3), notes(stream, 4, many));
            }
            // then
            return transactions.withHandle(h -> h.createQuery("SELECT statement LIKE '%unnest%' AS many,"
                    + " generic_plans, custom_plans FROM pg_prepared_statements"
                    + " WHERE statement LIKE 'WITH s AS (%cqrs_streams%' ORDER BY 1").mapToMap().list());
        });
        assertThat(prepared).as("the one-, two- and many-event append, each prepared once").hasSize(3)
                .allSatisfy(row -> assertThat((Long) row.get("generic_plans")).isGreaterThan(0));
    }

    @Test
    void rejectsABadStreamId() {
        assertThatThrownBy(() -> store.append("", ExpectedVersion.any(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamId must have 1 to 500 characters");
    }
}
