package dev.cqrskit.outbox;

import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxCountsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private Jdbi jdbi;
    private OutboxOperations operations;

    @BeforeEach
    void setUp() {
        jdbi = OutboxFixtures.jdbi(POSTGRES);
        OutboxFixtures.clear(jdbi);
        operations = new OutboxOperations(jdbi);
    }

    @Test
    void countsRowsHeldBehindAParkedKeyApartFromTheOldestPendingAge() {
        // given: key "poison" parks its head, two rows wait behind it, and they are the oldest rows
        jdbi.useTransaction(h -> OUTBOX.append(h, "poison", List.of(aCounted("poison", 1), aCounted("poison", 2),
                aCounted("poison", 3))));
        jdbi.useHandle(h -> h.execute("UPDATE cqrs_outbox SET created_at = now() - interval '1 hour'"));
        new OutboxRelay(jdbi, new RecordingPublisher(event -> PublishOutcome.permanent(event.messageId(), "bad")),
                OutboxRelayConfig.defaults()).relayOnce();
        jdbi.useTransaction(h -> OUTBOX.append(h, "fresh", List.of(aCounted("fresh", 1))));

        // when
        OutboxCounts counts = operations.counts();

        // then
        assertThat(counts.parked()).isEqualTo(1);
        assertThat(counts.pending()).isEqualTo(3);
        assertThat(counts.heldBehindParked()).isEqualTo(2);
        assertThat(counts.oldestPendingAge()).as("the age of 'fresh', not of the held rows")
                .isLessThan(Duration.ofMinutes(30));
    }

    @Test
    void servesCachedCountsWithinTheirMaxAge() {
        jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(aCounted("k", 1))));
        OutboxCounts first = operations.counts(Duration.ofHours(1));
        jdbi.useTransaction(h -> OUTBOX.append(h, "k", List.of(aCounted("k", 2))));

        assertThat(operations.counts(Duration.ofHours(1))).isSameAs(first);
        assertThat(operations.counts(Duration.ZERO).pending()).isEqualTo(2);
    }
}
