package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.METADATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A state-stored repository whose events go to its stream and the outbox through {@link EventStore#recorder}. */
@ExtendWith(PostgresExtension.class)
class StateStoredRecorderIT {

    private static com.zaxxer.hikari.HikariDataSource pool;
    private static Jdbi jdbi;
    private static JdbiTransactionBoundary transactions;
    private static EventStore store;
    private static JdbiNotebooks notebooks;

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        jdbi = EventStoreFixtures.aDatabase(pool);
        jdbi.useHandle(handle -> handle.execute(JdbiNotebooks.SCHEMA));
        JdbiTransactionBoundary transactions = new JdbiTransactionBoundary(jdbi);
        // tag::recorder[]
        EventStore store = new EventStore(transactions, CODEC);
        JdbiNotebooks notebooks = new JdbiNotebooks(transactions, store.recorder(new Outbox(CODEC)), METADATA);
        // end::recorder[]
        StateStoredRecorderIT.transactions = transactions;
        StateStoredRecorderIT.store = store;
        StateStoredRecorderIT.notebooks = notebooks;
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static String aNotebook() {
        return UUID.randomUUID().toString();
    }

    private static List<Long> pagesInStream(String id) {
        return store.readStream("Notebook:" + id, 1).stream().map(e -> ((Noted) e.event()).n()).toList();
    }

    private static List<String> outboxIds(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT message_id::text FROM cqrs_outbox WHERE ordering_key = :key ORDER BY id")
                .bind("key", "Notebook:" + id).mapTo(String.class).list());
    }

    private static List<String> streamIds(String id) {
        return store.readStream("Notebook:" + id, 1).stream().map(e -> e.metadata().messageId().toString()).toList();
    }

    @Test
    void savesTheStateAppendsTheEventsToTheAggregatesStreamAndWritesTheOutbox() {
        String id = aNotebook();
        Notebook notebook = Notebook.open(id);
        notebook.write();
        notebook.write();

        notebooks.save(notebook);
        Notebook loaded = notebooks.get(id);
        loaded.write();
        notebooks.save(loaded);

        assertThat(notebooks.get(id).pages()).isEqualTo(3);
        assertThat(notebooks.get(id).version()).as("the aggregate counts saves").isEqualTo(2);
        assertThat(store.version("Notebook:" + id)).as("the stream counts events").isEqualTo(3);
        assertThat(pagesInStream(id)).containsExactly(1L, 2L, 3L);
        assertThat(outboxIds(id)).hasSize(3).isEqualTo(streamIds(id));
        assertThat(store.lastPosition("Notebook:" + id))
                .isEqualTo(store.readStream("Notebook:" + id, 3).get(0).position());
    }

    @Test
    void stateStreamAndOutboxRollBackTogether() {
        String id = aNotebook();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            Notebook notebook = Notebook.open(id);
            notebook.write();
            notebooks.save(notebook);
            throw new IllegalStateException("the command failed after saving");
        })).hasMessage("the command failed after saving");

        assertThat(notebooks.find(id)).isEmpty();
        assertThat(pagesInStream(id)).isEmpty();
        assertThat(outboxIds(id)).isEmpty();
        assertThat(store.lastPosition("Notebook:" + id)).isZero();
    }

    /** Saves a new notebook with one page and returns its id. */
    private static String aSavedNotebook() {
        String id = aNotebook();
        Notebook created = Notebook.open(id);
        created.write();
        notebooks.save(created);
        return id;
    }

    @Test
    void aConflictingSaveAppendsNothing() {
        String id = aSavedNotebook();
        Notebook first = notebooks.get(id);
        Notebook stale = notebooks.get(id);
        first.write();
        notebooks.save(first);

        stale.write();
        assertThatThrownBy(() -> notebooks.save(stale))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessage("Notebook " + id + " was changed concurrently: it was loaded at version 1 but the store"
                        + " holds version 2. Nothing was saved; reload it and retry the command (RetryMiddleware does"
                        + " this).");

        assertThat(pagesInStream(id)).containsExactly(1L, 2L);
        assertThat(outboxIds(id)).hasSize(2);
    }

    @Test
    void aNewAggregateWhoseStreamAlreadyExistsIsAConflictAndStoresNothing() {
        String id = aNotebook();
        store.append("Notebook:" + id, ExpectedVersion.noStream(), EventStoreFixtures.notes("Notebook:" + id, 1, 1));
        Notebook notebook = Notebook.open(id);
        notebook.write();

        assertThatThrownBy(() -> notebooks.save(notebook))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining("Stream Notebook:" + id + " was changed concurrently");

        assertThat(notebooks.find(id)).isEmpty();
        assertThat(store.version("Notebook:" + id)).isEqualTo(1);
        assertThat(outboxIds(id)).isEmpty();
    }

    @Test
    void anAggregateStoredBeforeItsStreamExistedStartsItsStreamAtItsNextSave() {
        String id = aNotebook();
        jdbi.useHandle(handle -> handle.execute("INSERT INTO notebooks (id, pages, version) VALUES (?, 7, 4)", id));
        Notebook notebook = notebooks.get(id);
        notebook.write();

        notebooks.save(notebook);

        assertThat(pagesInStream(id)).containsExactly(8L);
        assertThat(notebooks.get(id).version()).isEqualTo(5);
    }

    @Test
    void aSaveWithoutEventsAppendsNothing() {
        String id = aSavedNotebook();

        notebooks.save(notebooks.get(id));

        assertThat(notebooks.get(id).version()).isEqualTo(2);
        assertThat(store.version("Notebook:" + id)).isEqualTo(1);
    }

    @Test
    void theLastPositionOfAStreamThatDoesNotExistIsZero() {
        assertThat(store.lastPosition("Notebook:" + aNotebook())).isZero();
    }
}
