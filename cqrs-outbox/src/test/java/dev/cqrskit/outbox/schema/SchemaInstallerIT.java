package dev.cqrskit.outbox.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.ParkedMessage;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaInstallerIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    record Deposited(String account, int seq) implements DomainEvent {
    }

    private static final EventTypes TYPES = EventTypes.builder().add(Deposited.class, "test.Deposited.v1").build();
    private static final Outbox OUTBOX = new Outbox(new EventCodec(TYPES, EventSerializer.jackson()));
    private static final SchemaMigration TEST_TABLE =
            SchemaMigration.of(99, "test streams", "db/cqrs-kit-test/0099_test_table.sql");

    private Jdbi jdbi;

    @BeforeEach
    void emptyDatabase() {
        jdbi = Jdbi.create(POSTGRES.dataSource());
        jdbi.useHandle(h -> h.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
    }

    @Test
    void installIsIdempotentAndRecordsHistory() {
        // when
        List<SchemaMigration> first = CqrsSchema.install(jdbi);
        List<SchemaMigration> second = CqrsSchema.install(jdbi);
        // then
        assertThat(first).isEqualTo(CqrsSchema.OUTBOX);
        assertThat(second).isEmpty();
        List<Map<String, Object>> history = jdbi.withHandle(h -> h.createQuery("SELECT version, description,"
                + " checksum, installed_at IS NOT NULL AS stamped FROM cqrs_schema_history ORDER BY version")
                .mapToMap().list());
        assertThat(history).hasSize(CqrsSchema.OUTBOX.size());
        for (int i = 0; i < 3; i++) {
            SchemaMigration migration = CqrsSchema.OUTBOX.get(i);
            assertThat(history.get(i)).containsEntry("version", migration.version())
                    .containsEntry("description", migration.description())
                    .containsEntry("checksum", migration.checksum())
                    .containsEntry("stamped", true);
        }
        assertThat(tables()).contains("cqrs_outbox", "cqrs_outbox_wakeup", "cqrs_inbox", "cqrs_schema_history");
    }

    @Test
    void concurrentInstallersApplyEachVersionOnce() throws Exception {
        // given
        int installers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(installers);
        List<Future<List<SchemaMigration>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < installers; i++) {
                Callable<List<SchemaMigration>> install = () -> {
                    start.await();
                    return CqrsSchema.installer().with(List.of(TEST_TABLE)).install(POSTGRES.dataSource());
                };
                results.add(pool.submit(install));
            }
            // when
            start.countDown();
            List<Integer> applied = new ArrayList<>();
            for (Future<List<SchemaMigration>> result : results) {
                result.get().forEach(migration -> applied.add(migration.version()));
            }
            // then
            assertThat(applied).containsExactlyInAnyOrderElementsOf(outboxVersionsAnd(99));
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions()).containsExactlyElementsOf(outboxVersionsAnd(99));
    }

    @Test
    void changedChecksumIsRefusedWithAClearMessage() {
        // given
        CqrsSchema.install(jdbi);
        jdbi.useHandle(h -> h.execute("UPDATE cqrs_schema_history SET checksum = 'edited' WHERE version = 2"));
        String shipped = CqrsSchema.OUTBOX.get(1).checksum();
        // when / then
        assertThatThrownBy(() -> CqrsSchema.installer().with(List.of(TEST_TABLE)).install(jdbi))
                .isInstanceOf(SchemaChecksumMismatchException.class)
                .hasMessage("cqrs-kit schema version 2 (inbox) was installed with checksum edited, but"
                        + " db/cqrs-kit/0002_inbox.sql now has checksum " + shipped + ". A released schema version"
                        + " never changes: put a change into a new version. If this database was deliberately brought"
                        + " in line by hand, record it with UPDATE cqrs_schema_history SET checksum = '" + shipped
                        + "' WHERE version = 2. Nothing was installed.")
                .extracting(e -> ((SchemaChecksumMismatchException) e).version()).isEqualTo(2);
        assertThat(tables()).doesNotContain("cqrs_test_streams");
    }

    @Test
    void schemaUpgradeFromTheFirstReleaseKeepsEveryRow() {
        // given: the tables of cqrs-outbox 0.1.0, made by its idempotent scripts, without history, with rows
        runScript("db/cqrs-0.1.0/V1__outbox.sql");
        runScript("db/cqrs-0.1.0/V2__inbox.sql");
        MetadataFactory metadata = MetadataFactory.systemDefault();
        List<EventMessage<Deposited>> events = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            events.add(new EventMessage<>(new Deposited("A", seq), metadata.root()));
        }
        EventMessage<Deposited> poison = new EventMessage<>(new Deposited("P", 1), metadata.root());
        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO cqrs_outbox (message_id, ordering_key, event_type, payload, correlation_id,"
                    + " headers, occurred_at) VALUES (?, 'Account:A', 'test.Deposited.v1', ?::jsonb, ?,"
                    + " '{\"traceparent\": \"00-abc-def-01\"}'::jsonb, now())", events.get(0).metadata().messageId(),
                    "{\"account\": \"A\", \"seq\": 1}", events.get(0).metadata().correlationId());
            OUTBOX.append(h, "Account:A", events.subList(1, 5));
            OUTBOX.append(h, "Account:P", List.of(poison));
            h.execute("UPDATE cqrs_outbox SET parked_at = now(), attempts = 10, last_error = 'rejected'"
                    + " WHERE ordering_key = 'Account:P'");
            h.execute("INSERT INTO cqrs_inbox (consumer, message_id) VALUES ('billing', ?), ('mail', ?)",
                    UUID.randomUUID(), UUID.randomUUID());
        });
        List<Map<String, Object>> outboxBefore = outboxRows();
        List<Map<String, Object>> inboxBefore = inboxRows();
        // when
        List<SchemaMigration> applied = CqrsSchema.install(jdbi);
        // then
        assertThat(applied).isEqualTo(CqrsSchema.OUTBOX);
        assertThat(outboxRows()).hasSize(6).isEqualTo(outboxBefore);
        assertThat(inboxRows()).hasSize(2).isEqualTo(inboxBefore);
        assertThat(columnType("payload")).isEqualTo("json");
        // and the upgraded table works: parked operations, appends and the relay in id order
        List<ParkedMessage> parked = new OutboxOperations(jdbi).parked(10);
        assertThat(parked).extracting(ParkedMessage::messageId).containsExactly(poison.metadata().messageId());
        assertThat(new OutboxOperations(jdbi).discard(poison.metadata().messageId())).isTrue();
        EventMessage<Deposited> sixth = new EventMessage<>(new Deposited("A", 6), metadata.root());
        jdbi.useTransaction(h -> OUTBOX.append(h, "Account:A", List.of(sixth)));
        List<SerializedEvent> published = new ArrayList<>();
        EventPublisher recorder = batch -> {
            published.addAll(batch);
            return batch.stream().map(e -> PublishOutcome.published(e.messageId(), null)).toList();
        };
        new OutboxRelay(jdbi, recorder, OutboxRelayConfig.defaults()).relayOnce();
        assertThat(published).extracting(e -> ((Deposited) OUTBOX.codec().decode(e).event()).seq())
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(published.get(0).metadata().headers()).containsEntry("traceparent", "00-abc-def-01");
        boolean handled = jdbi.inTransaction(h -> new Inbox("billing").handleOnce(h, UUID.randomUUID(), x -> { }));
        assertThat(handled).isTrue();
    }

    @Test
    void upgradeKeepsTheFlywayHistoryTheFirstSampleWroteUnderTheSameName() {
        // given: cqrs-kit 0.1.0's sample ran db/cqrs through Flyway with table("cqrs_schema_history")
        runScript("db/cqrs-0.1.0/V1__outbox.sql");
        runScript("db/cqrs-0.1.0/V2__inbox.sql");
        jdbi.useHandle(h -> h.execute("CREATE TABLE cqrs_schema_history (installed_rank INT PRIMARY KEY,"
                + " version VARCHAR(50), description VARCHAR(200) NOT NULL, script VARCHAR(1000) NOT NULL);"
                + " INSERT INTO cqrs_schema_history VALUES (1, '1', 'outbox', 'V1__outbox.sql'),"
                + " (2, '2', 'inbox', 'V2__inbox.sql')"));
        // when
        CqrsSchema.install(jdbi);
        // then
        String kept = jdbi.withHandle(h -> h.createQuery("SELECT string_agg(script, ',' ORDER BY installed_rank)"
                + " FROM cqrs_schema_history_flyway").mapTo(String.class).one());
        assertThat(kept).isEqualTo("V1__outbox.sql,V2__inbox.sql");
        assertThat(versions()).containsExactlyElementsOf(outboxVersions());
    }

    // tag::module-versions[]
    /** A module's versions: unique numbers across cqrs-kit, scripts under db/cqrs-kit/. */
    static final List<SchemaMigration> STREAMS =
            List.of(SchemaMigration.of(99, "test streams", "db/cqrs-kit-test/0099_test_table.sql"));

    static void installWithStreams(Jdbi jdbi) {
        CqrsSchema.installer().with(STREAMS).install(jdbi);
    }
    // end::module-versions[]

    @Test
    void aModuleAddsItsVersionsAndTheOutboxLeavesThemAlone() {
        // given
        installWithStreams(jdbi);
        // when
        List<SchemaMigration> applied = CqrsSchema.install(jdbi);
        // then
        assertThat(applied).isEmpty();
        assertThat(tables()).contains("cqrs_test_streams");
        assertThat(versions()).containsExactlyElementsOf(outboxVersionsAnd(99));
    }

    @Test
    void aFailingVersionInstallsNothingAndNamesItself() {
        // given
        SchemaInstaller broken = CqrsSchema.installer()
                .with(List.of(SchemaMigration.of(98, "broken", "db/cqrs-kit-test/0098_broken.sql")));
        // when / then
        assertThatThrownBy(() -> broken.install(jdbi))
                .isInstanceOf(SchemaInstallException.class)
                .hasMessageStartingWith("cqrs-kit schema version 98 (broken, db/cqrs-kit-test/0098_broken.sql)"
                        + " failed: ERROR: relation \"cqrs_test_half\" already exists")
                .hasMessageEndingWith(". Nothing was installed: the install runs in one transaction. The database"
                        + " user needs CREATE rights on the first schema of its search_path.");
        assertThat(tables()).isEmpty();
    }

    @Test
    void joinsTheCallersTransactionWhenAutoCommitIsOff() throws Exception {
        try (var connection = POSTGRES.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            assertThat(CqrsSchema.install(connection)).hasSize(CqrsSchema.OUTBOX.size());
            connection.rollback();
        }
        assertThat(tables()).isEmpty();
    }

    private List<Integer> versions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM cqrs_schema_history ORDER BY version")
                .mapTo(Integer.class).list());
    }

    private List<String> tables() {
        return jdbi.withHandle(h -> h.createQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                .mapTo(String.class).list());
    }

    private String columnType(String column) {
        return jdbi.withHandle(h -> h.createQuery("SELECT data_type FROM information_schema.columns"
                + " WHERE table_name = 'cqrs_outbox' AND column_name = :c").bind("c", column).mapTo(String.class).one());
    }

    private List<Map<String, Object>> outboxRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, message_id, ordering_key, event_type,"
                + " payload::jsonb::text AS payload, correlation_id, causation_id, tenant, principal,"
                + " headers::jsonb::text AS headers, occurred_at, created_at, attempts, next_attempt_at, parked_at,"
                + " last_error FROM cqrs_outbox ORDER BY id").mapToMap().list());
    }

    private List<Map<String, Object>> inboxRows() {
        return jdbi.withHandle(h -> h.createQuery("SELECT consumer, message_id, processed_at FROM cqrs_inbox"
                + " ORDER BY consumer").mapToMap().list());
    }

    private void runScript(String resource) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource);
             var connection = POSTGRES.dataSource().getConnection();
             var statement = connection.createStatement()) {
            statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The versions cqrs-outbox ships, so the test does not change with each new version. */
    private static java.util.List<Integer> outboxVersions() {
        return CqrsSchema.OUTBOX.stream().map(SchemaMigration::version).toList();
    }

    private static java.util.List<Integer> outboxVersionsAnd(int moduleVersion) {
        java.util.List<Integer> versions = new java.util.ArrayList<>(outboxVersions());
        versions.add(moduleVersion);
        return versions;
    }
}
