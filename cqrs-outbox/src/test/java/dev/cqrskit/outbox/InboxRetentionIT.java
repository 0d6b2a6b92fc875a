package dev.cqrskit.outbox;

import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.outbox.inbox.InboxRetention;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InboxRetentionIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Jdbi jdbi;
    private final Inbox inbox = new Inbox("billing");

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        entries("billing", 25, NOW.minus(Duration.ofDays(30)));
        entries("billing", 5, NOW.minus(Duration.ofDays(1)));
        entries("shipping", 7, NOW.minus(Duration.ofDays(30)));
    }

    private void entries(String consumer, int n, Instant processedAt) {
        jdbi.useHandle(h -> {
            for (int i = 0; i < n; i++) {
                h.createUpdate("INSERT INTO cqrs_inbox (consumer, message_id, processed_at) VALUES (?, ?, ?)")
                        .bind(0, consumer).bind(1, UUID.randomUUID()).bind(2, processedAt.atOffset(ZoneOffset.UTC))
                        .execute();
            }
        });
    }

    private long entriesOf(String consumer) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_inbox WHERE consumer = ?")
                .bind(0, consumer).mapTo(Long.class).one());
    }

    @Test
    void deletesOldEntriesOfItsConsumerInBatches() {
        int deleted = inbox.deleteHandledBefore(jdbi, NOW.minus(Duration.ofDays(14)), 10);

        assertThat(deleted).isEqualTo(25);
        assertThat(entriesOf("billing")).isEqualTo(5);
        assertThat(entriesOf("shipping")).isEqualTo(7);
    }

    @Test
    void countsItsRetentionFromTheInjectedClock() {
        InboxRetention retention = new InboxRetention(jdbi, inbox, Duration.ofDays(14), Duration.ofHours(1),
                Executors.newSingleThreadScheduledExecutor(), CLOCK);

        assertThat(retention.runOnce()).isEqualTo(25);
        assertThat(retention.runOnce()).isZero();
        assertThat(entriesOf("billing")).isEqualTo(5);
    }

    @Test
    void runsOnItsScheduler() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (InboxRetention retention = new InboxRetention(jdbi, inbox, Duration.ofDays(14), Duration.ofSeconds(1),
                scheduler, CLOCK).start()) {
            assertThat(eventually(Duration.ofSeconds(30), () -> entriesOf("billing") == 5)).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void rejectsARetentionBelowOneSecondNamingTheProperty() {
        assertThatThrownBy(() -> new InboxRetention(jdbi, inbox, Duration.ofMillis(10), Duration.ofHours(1),
                Executors.newSingleThreadScheduledExecutor(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.inbox.retention must be between PT1S and PT87600H, but was PT0.01S");
    }
}
