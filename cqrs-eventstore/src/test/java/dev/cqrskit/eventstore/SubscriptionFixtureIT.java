package dev.cqrskit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.fixture.ProjectionFixture;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * cqrs-test's {@link ProjectionFixture} on a subscription's handlers: given events delivered through
 * {@link Subscription#deliver} into real PostgreSQL, then the read-model rows. Each test rolls its transaction back.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionFixtureIT {

    private static Jdbi jdbi;

    @BeforeAll
    static void install(PostgresDatabase database) {
        jdbi = EventStoreFixtures.aDatabase(database.dataSource());
    }

    /** A row of the read model. */
    record SeenRow(String stream, long n) {
    }

    // tag::subscription-fixture[]
    private final Subscription notes = Subscription.builder("Notes")
            .on(Noted.class, (event, metadata, handle) -> handle.execute(
                    "INSERT INTO seen (subscription, stream, n) VALUES ('Notes', ?, ?)", event.stream(), event.n()))
            .build();
    private final Handle handle = jdbi.open().begin();
    private final ProjectionFixture fixture = ProjectionFixture
            .builder(new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator()))
            .delivering(message -> notes.deliver(message, handle))
            .build();

    @Test
    void writesOneRowPerNote() {
        fixture.given(new Noted("Note:1", 1), new Noted("Note:1", 2))
                .whenReading("the seen rows", () -> handle
                        .select("SELECT stream, n FROM seen WHERE subscription = 'Notes' ORDER BY seq")
                        .map((rs, ctx) -> new SeenRow(rs.getString("stream"), rs.getLong("n")))
                        .list())
                .thenResult(List.of(new SeenRow("Note:1", 1), new SeenRow("Note:1", 2)));
    }
    // end::subscription-fixture[]

    @AfterEach
    void rollBack() {
        handle.rollback();
        handle.close();
    }

    @Test
    void namesTheFirstDifferentRow() {
        assertThatThrownBy(() -> fixture.given(new Noted("Note:1", 1), new Noted("Note:1", 2))
                .whenReading("the seen rows", this::seenRows)
                .thenResult(List.of(new SeenRow("Note:1", 1), new SeenRow("Note:1", 3))))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("Expected reading the seen rows to answer [SeenRow[stream=Note:1, n=1],"
                        + " SeenRow[stream=Note:1, n=3]], but it answered [SeenRow[stream=Note:1, n=1],"
                        + " SeenRow[stream=Note:1, n=2]]\n"
                        + "First difference: answer [1].n: expected 3 but was 2");
    }

    @Test
    void reportsAHandlerThatFailsOnAGivenEvent() {
        Subscription strict = Subscription.builder("Strict")
                .on(Counter.Counted.class, (event, metadata, h) -> {
                    throw new IllegalStateException("counter " + event.id() + " unknown");
                })
                .build();
        ProjectionFixture failing = ProjectionFixture.builder(MetadataFactory.systemDefault())
                .delivering(message -> strict.deliver(message, handle))
                .build();
        Counter.Counted counted = new Counter.Counted(new UUID(0, 7), 1);

        assertThatThrownBy(() -> failing.given(counted))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The given step failed before the when step ran: the projection threw on given event[0] "
                        + counted + ": java.lang.IllegalStateException: counter 00000000-0000-0000-0000-000000000007"
                        + " unknown");
    }

    @Test
    void deliverPassesOverEventsWithoutAHandlerAndOfOtherTenants() {
        Subscription acme = Subscription.builder("Acme").tenant("acme")
                .on(Noted.class, (event, metadata, h) -> h.execute(
                        "INSERT INTO seen (subscription, stream, n) VALUES ('Notes', ?, ?)", event.stream(), event.n()))
                .build();
        MetadataFactory metadata = MetadataFactory.systemDefault();

        assertThat(acme.deliver(new EventMessage<>(new Counter.Counted(new UUID(0, 1), 1),
                metadata.root().withTenant("acme")), handle)).isFalse();
        assertThat(acme.deliver(new EventMessage<>(new Noted("Note:2", 1), metadata.root()), handle)).isFalse();
        assertThat(acme.deliver(new EventMessage<>(new Noted("Note:3", 1), metadata.root().withTenant("acme")),
                handle)).isTrue();
        assertThat(seenRows()).containsExactly(new SeenRow("Note:3", 1));
    }

    private List<SeenRow> seenRows() {
        return handle.select("SELECT stream, n FROM seen WHERE subscription = 'Notes' ORDER BY seq")
                .map((rs, ctx) -> new SeenRow(rs.getString("stream"), rs.getLong("n")))
                .list();
    }
}
