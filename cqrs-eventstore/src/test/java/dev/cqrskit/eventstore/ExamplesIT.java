package dev.cqrskit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The code shown in the module README and in docs/: compiled and run here, compared by EventStoreDocsTest. */
@ExtendWith(PostgresExtension.class)
class ExamplesIT {

    @Test
    void theDocumentedCompositionWorksEndToEnd(PostgresDatabase database) {
        try (com.zaxxer.hikari.HikariDataSource dataSource = EventStoreFixtures.pooled(database)) {
            Jdbi jdbi = Jdbi.create(dataSource);
            // tag::setup[]
            EventStoreSchema.install(jdbi);
            JdbiTransactionBoundary transactions = new JdbiTransactionBoundary(jdbi);
            EventCodec codec = new EventCodec(EventTypes.builder().add(Noted.class, "notes.Noted.v1").build(),
                    EventSerializer.jackson());
            EventStore store = new EventStore(transactions, codec);
            // end::setup[]
            jdbi.useHandle(handle -> handle.execute("CREATE TABLE notes (stream TEXT, n BIGINT)"));

            // tag::write-slice[]
            WriteSlice<String, Noted> addNote = WriteSlice.of(store, new Outbox(codec),
                    MetadataFactory.systemDefault(), Noted.class, stream -> stream,
                    (past, stream) -> List.of(new Noted(stream, past.size() + 1)));
            AppendResult appended = addNote.execute("Notes:7");   // appends Noted("Notes:7", 1), outbox row too
            // end::write-slice[]

            // tag::subscription[]
            Subscription notes = Subscription.builder("Notes")
                    .on(Noted.class, (event, metadata, handle) -> handle.execute(
                            "INSERT INTO notes (stream, n) VALUES (?, ?)", event.stream(), event.n()))
                    .onReset(handle -> handle.execute("DELETE FROM notes"))
                    .build();
            Subscriptions subscriptions = Subscriptions.builder(jdbi, codec).add(notes).build();
            subscriptions.start();
            // end::subscription[]
            try {
                // tag::read-your-writes[]
                boolean visible = subscriptions.awaitPosition("Notes", appended.position(), Duration.ofSeconds(5));
                // end::read-your-writes[]
                assertThat(visible).isTrue();
                long rows = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM notes")
                        .mapTo(Long.class).one());
                assertThat(rows).isEqualTo(1);
                // tag::operations[]
                SubscriptionStatus status = subscriptions.status("Notes").orElseThrow();
                if (status.state() == SubscriptionState.FAILED) {
                    SubscriptionFailure failure = status.failure().orElseThrow();
                    // after deploying a fix:
                    subscriptions.retry("Notes");
                    // or, deliberately and recorded:
                    subscriptions.skip("Notes", failure.position(), "payload fixed by hand, ticket 42");
                }
                subscriptions.reset("Notes", 0);          // runs the reset hook, then replays everything
                // end::operations[]
                assertThat(subscriptions.awaitPosition("Notes", appended.position(), Duration.ofSeconds(30)))
                        .isTrue();
                jdbi.useHandle(handle -> handle.execute("CREATE TABLE note_counts (stream TEXT PRIMARY KEY,"
                        + " notes BIGINT NOT NULL)"));
                // tag::projection[]
                Subscription noteCounts = Subscription.builder("NoteCounts")
                        .project(Noted.class, (event, metadata, writes) -> writes.add(
                                "INSERT INTO note_counts (stream, notes) VALUES (?, 1)"
                                        + " ON CONFLICT (stream) DO UPDATE SET notes = note_counts.notes + 1",
                                event.stream()))
                        .onReset(handle -> handle.execute("DELETE FROM note_counts"))
                        .build();
                // end::projection[]
                try (Subscriptions counting = Subscriptions.builder(jdbi, codec).add(noteCounts).build()) {
                    counting.start();
                    assertThat(counting.awaitPosition("NoteCounts", appended.position(), Duration.ofSeconds(30)))
                            .isTrue();
                }
                long counted = jdbi.withHandle(handle -> handle.createQuery("SELECT notes FROM note_counts")
                        .mapTo(Long.class).one());
                assertThat(counted).isEqualTo(1);
            } finally {
                subscriptions.stop();
            }
        }
    }
}
