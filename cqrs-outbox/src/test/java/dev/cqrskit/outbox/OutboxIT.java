package dev.cqrskit.outbox;

import dev.cqrskit.outbox.schema.CqrsSchema;
import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.outbox.OutboxFixtures.Noted;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private Jdbi jdbi;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
    }

    @Test
    void storesEveryMetadataFieldWithTheEvent() {
        // given
        Metadata metadata = OutboxFixtures.metadataWithEverything();
        // when
        jdbi.useTransaction(h -> OUTBOX.append(h, "Order:7", List.of(new EventMessage<>(new Noted("hi"), metadata))));
        // then
        Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT message_id, ordering_key, event_type,"
                + " payload::text AS payload, correlation_id, causation_id, tenant, principal, headers::text AS headers,"
                + " occurred_at, attempts, parked_at FROM cqrs_outbox").mapToMap().one());
        assertThat(row).containsEntry("message_id", metadata.messageId())
                .containsEntry("ordering_key", "Order:7")
                .containsEntry("event_type", "test.Noted.v1")
                .containsEntry("payload", "{\"text\":\"hi\"}")
                .containsEntry("correlation_id", metadata.correlationId())
                .containsEntry("causation_id", metadata.causationId().orElseThrow())
                .containsEntry("tenant", "tenant-a")
                .containsEntry("principal", "user-42")
                .containsEntry("attempts", 0)
                .containsEntry("parked_at", null);
        assertThat((String) row.get("headers")).contains("\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant())
                .isEqualTo(metadata.occurredAt().truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void storesMetadataTextPostgresWouldRejectSanitizedInsteadOfFailingTheTransaction() {
        Metadata metadata = OutboxFixtures.METADATA.root().withTenant("acme\u0000").withPrincipal("ada\uD800")
                .withHeader("x-note", "bad\u0000value");

        jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(new EventMessage<>(new Noted("hi"), metadata))));

        Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT tenant, principal,"
                + " headers->>'x-note' AS note FROM cqrs_outbox").mapToMap().one());
        assertThat(row).containsEntry("tenant", "acme\uFFFD").containsEntry("principal", "ada\uFFFD")
                .containsEntry("note", "bad\uFFFDvalue");
    }

    @Test
    void rejectsAnOrderingKeyPostgresCannotStoreSayingWhy() {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> OUTBOX.append(h, "User:\u00001",
                List.of(aCounted("k", 1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("orderingKey must not contain NUL characters or unpaired surrogates, but was"
                        + " 'User:\uFFFD1'");
        assertThat(count(jdbi, "true")).isZero();
    }

    @Test
    void appendsManyEventsWithOneInsertStatementInTheirOrder() {
        // given
        List<EventMessage<Counted>> messages = List.of(aCounted("k", 1), aCounted("k", 2), aCounted("k", 3));
        long statementsBefore = insertStatements();
        // when
        jdbi.useTransaction(h -> OUTBOX.append(h, "k", messages));
        // then
        assertThat(insertStatements() - statementsBefore).isEqualTo(1);
        List<Integer> seqs = jdbi.withHandle(h -> h.createQuery("SELECT (payload->>'seq')::int FROM cqrs_outbox"
                + " ORDER BY id").mapTo(Integer.class).list());
        assertThat(seqs).containsExactly(1, 2, 3);
    }

    @Test
    void storesAnEventAppendedAloneExactlyAsAnEventAppendedAmongOthers() {
        // given: a single event takes the one-row statement, a few take more rows, many take the arrays; all must
        // store the same row
        Metadata everything = OutboxFixtures.metadataWithEverything().withPrincipal("ada\uD800")
                .withHeader("x-note", "bad\u0000value \"quoted\" {braces}");
        Metadata bare = OutboxFixtures.METADATA.root();
        List<EventMessage<Noted>> messages = List.of(new EventMessage<>(new Noted("a \"b\" {c}, d"), everything),
                new EventMessage<>(new Noted(""), bare));
        // when
        jdbi.useTransaction(h -> {
            OUTBOX.append(h, "alone", messages.subList(0, 1));
            OUTBOX.append(h, "alone", messages.subList(1, 2));
            OUTBOX.append(h, "among", messages);
            List<EventMessage<?>> many = new java.util.ArrayList<>(messages);
            for (int i = 0; i < EventCodec.MAX_VALUES_ROWS; i++) {
                many.add(aCounted("amongMany", i));
            }
            OUTBOX.append(h, "amongMany", many);
        });
        // then
        List<Map<String, Object>> alone = storedRows("alone");
        assertThat(alone).hasSize(2).isEqualTo(storedRows("among")).isEqualTo(storedRows("amongMany").subList(0, 2));
        assertThat(alone.get(0)).containsEntry("principal", "ada\uFFFD").containsEntry("payload",
                "{\"text\":\"a \\\"b\\\" {c}, d\"}");
        assertThat(alone.get(1)).containsEntry("causation_id", null).containsEntry("tenant", null)
                .containsEntry("headers", "{}");
    }

    @Test
    void keepsTheInsertsPreparedOnTheServerWithGenericPlans() {
        // given: pgjdbc prepares a statement on the server after five uses; PostgreSQL then plans it once, generically
        List<Map<String, Object>> prepared = jdbi.inTransaction(h -> {
            for (int i = 0; i < 12; i++) {
                OUTBOX.append(h, "k", List.of(aCounted("k", 1)));
                OUTBOX.append(h, "k", List.of(aCounted("k", 2), aCounted("k", 3)));
                OUTBOX.append(h, "k", java.util.stream.IntStream.rangeClosed(4, 4 + EventCodec.MAX_VALUES_ROWS)
                        .mapToObj(seq -> aCounted("k", seq)).toList());
            }
            // then
            return h.createQuery("SELECT statement LIKE '%unnest%' AS many, generic_plans, custom_plans"
                    + " FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO cqrs_outbox%' ORDER BY 1")
                    .mapToMap().list();
        });
        assertThat(prepared).as("the one-, two- and many-event insert, each prepared once").hasSize(3)
                .allSatisfy(row -> assertThat((Long) row.get("generic_plans")).isGreaterThan(0));
    }

    @Test
    void bindColumnsExplainsAStatementWithoutTheSourceAtTheGivenIndex() {
        EventCodec codec = OUTBOX.codec();
        List<EventMessage<Counted>> one = List.of(aCounted("k", 1));

        assertThatThrownBy(() -> jdbi.useHandle(h -> {
            try (java.sql.PreparedStatement statement = h.getConnection().prepareStatement(
                    "SELECT * FROM " + EventCodec.columns(1))) {
                codec.bindColumns(statement, 2, one);
            }
        })).isInstanceOf(OutboxException.class)
                .hasMessageContaining("Could not bind the columns of 1 event(s) at parameter 2: ")
                .hasMessageContaining("Prepare the statement with EventCodec.columns(1) and pass the index of its first"
                        + " parameter.");
        assertThatThrownBy(() -> jdbi.useHandle(h -> {
            try (java.sql.PreparedStatement statement = h.getConnection().prepareStatement("SELECT 1")) {
                codec.bindColumns(statement, 1, List.of());
            }
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("messages must not be empty: an empty row source inserts nothing");
    }

    private List<Map<String, Object>> storedRows(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT message_id, event_type, payload::text AS payload,"
                + " correlation_id, causation_id, tenant, principal, headers::text AS headers, occurred_at"
                + " FROM cqrs_outbox WHERE ordering_key = :key ORDER BY id").bind("key", key).mapToMap().list());
    }

    @Test
    void leavesNoRowWhenTheBusinessTransactionRollsBack() {
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY)"));

        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.execute("INSERT INTO orders VALUES (1)");
            OUTBOX.append(h, "Order:1", List.of(aCounted("Order:1", 1)));
            throw new IllegalStateException("business rule broken after the append");
        })).hasMessage("business rule broken after the append");

        assertThat(count(jdbi, "true")).isZero();
        long orders = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM orders").mapTo(Long.class).one());
        assertThat(orders).isZero();
    }

    @Test
    void notifiesOncePerTransactionAndOnlyWhileARelayWaits() throws Exception {
        try (org.jdbi.v3.core.Handle listener = jdbi.open()) {
            listener.execute("LISTEN cqrs_outbox");
            org.postgresql.PGConnection connection = listener.getConnection().unwrap(org.postgresql.PGConnection.class);
            jdbi.useHandle(h -> h.execute("UPDATE cqrs_outbox_wakeup SET waiting_until = '-infinity'"));

            jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(aCounted("k", 1))));
            org.postgresql.PGNotification[] whileBusy = connection.getNotifications(300);

            jdbi.useHandle(h -> h.execute("UPDATE cqrs_outbox_wakeup SET waiting_until = now() + interval '1 minute'"));
            jdbi.useTransaction(h -> {
                OUTBOX.append(h, "k", List.of(aCounted("k", 2)));
                OUTBOX.append(h, "other", List.of(aCounted("other", 1)));
            });
            org.postgresql.PGNotification[] whileWaiting = connection.getNotifications(10_000);

            assertThat(whileBusy).isEmpty();
            assertThat(whileWaiting).hasSize(1);
            assertThat(whileWaiting[0].getName()).isEqualTo("cqrs_outbox");
        }
    }

    @Test
    void decodesARelayedEventBackIntoItsClassAndMetadata() {
        Metadata metadata = OutboxFixtures.metadataWithEverything();
        SerializedEvent relayed = new SerializedEvent("test.Counted.v1", "k", "{\"key\":\"k\",\"seq\":5}", metadata);

        EventMessage<DomainEvent> decoded = OUTBOX.codec().decode(relayed);

        assertThat(decoded.event()).isEqualTo(new Counted("k", 5));
        assertThat(decoded.metadata()).isEqualTo(metadata);
    }

    @Test
    void explainsAnUnregisteredEventClass() {
        record Unknown() implements DomainEvent {
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        jdbi.useHandle(h -> {
            try {
                OUTBOX.append(h, "k", List.of(new EventMessage<>(new Unknown(), OutboxFixtures.METADATA.root())));
            } catch (OutboxException e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).hasMessageContaining("No event type name registered for")
                .hasMessageContaining("Unknown")
                .hasMessageContaining("Registered: [test.Counted.v1, test.Noted.v1]")
                .hasMessageContaining("EventTypes.builder().add(Unknown.class");
    }

    @Test
    void installsTheSchemaAgainWithoutHarm() {
        jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(aCounted("k", 1))));

        CqrsSchema.install(jdbi);

        assertThat(count(jdbi, "true")).isEqualTo(1);
    }

    @Test
    void explainsAnAppendWithoutTheSchema() {
        Jdbi bare = OutboxFixtures.jdbi(POSTGRES);
        assertThatThrownBy(() -> bare.useTransaction(h -> {
            h.execute("SET LOCAL search_path TO pg_catalog");
            OUTBOX.append(h, "k", List.of(aCounted("k", 1)));
        })).isInstanceOf(OutboxException.class)
                .hasMessageContaining("Could not append 1 event(s) with key 'k' to cqrs_outbox")
                .hasMessageContaining("Is the schema installed (CqrsSchema.install)?");
    }

    /** Counts INSERT statements on cqrs_outbox with a statement-level trigger installed for this test. */
    private long insertStatements() {
        return jdbi.withHandle(h -> {
            h.execute("CREATE TABLE IF NOT EXISTS outbox_insert_statements (at TIMESTAMPTZ DEFAULT now())");
            h.execute("CREATE OR REPLACE FUNCTION count_outbox_insert() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN INSERT INTO outbox_insert_statements DEFAULT VALUES; RETURN NULL; END; $$");
            h.execute("CREATE OR REPLACE TRIGGER count_outbox_insert AFTER INSERT ON cqrs_outbox"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION count_outbox_insert()");
            return h.createQuery("SELECT count(*) FROM outbox_insert_statements").mapTo(Long.class).one();
        });
    }
}
