package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.OUTBOX;
import static dev.cqrskit.outbox.OutboxFixtures.aCounted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A relay gives a never-analyzed outbox planner statistics before it claims, so a first backlog drains fast. */
class OutboxStatisticsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    @Test
    void aStartedRelayAnalyzesAnOutboxThatHasNoStatisticsBeforeItsFirstClaim() throws InterruptedException {
        // given
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        jdbi.useTransaction(h -> {
            for (int i = 0; i < 1_000; i++) {
                OUTBOX.append(h, "key-" + (i % 10), List.of(aCounted("key-" + (i % 10), i)));
            }
        });
        assertThat(reltuples(jdbi)).as("fresh table, never analyzed").isNegative();
        BlockingQueue<Double> seenAtFirstPublish = new LinkedBlockingQueue<>();

        // when
        try (OutboxRelay relay = new OutboxRelay(jdbi, batch -> {
            if (seenAtFirstPublish.isEmpty()) {
                seenAtFirstPublish.add(reltuples(jdbi));
            }
            return batch.stream().map(event -> PublishOutcome.published(event.messageId(), null)).toList();
        }, OutboxRelayConfig.defaults())) {
            relay.start();

            // then
            assertThat(seenAtFirstPublish.poll(30, TimeUnit.SECONDS))
                    .as("rows the planner knew of when the first claimed batch was published")
                    .isNotNull()
                    .isGreaterThanOrEqualTo(0);
        }
    }

    private static double reltuples(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT reltuples FROM pg_class WHERE oid = 'cqrs_outbox'::regclass")
                .mapTo(Double.class).one());
    }
}
