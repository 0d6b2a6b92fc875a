package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A runner gives an event log without planner statistics some before it reads: a log loaded in bulk before
 * autovacuum analyzed it made PostgreSQL guess, and every small window walked the whole primary key.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionStatisticsIT {

    @Test
    void aRunnerAnalyzesAnEventLogWithoutStatisticsBeforeItReads(PostgresDatabase database)
            throws InterruptedException {
        try (HikariDataSource pool = EventStoreFixtures.pooled(database)) {
            // given: a fresh log with events, never analyzed
            Jdbi jdbi = EventStoreFixtures.aDatabase(pool);
            EventStore store = new EventStore(new JdbiTransactionBoundary(jdbi), CODEC);
            store.append("Notebook:stats", ExpectedVersion.noStream(), notes("Notebook:stats", 1, 50));
            assertThat(hasStatistics(jdbi)).as("fresh log").isFalse();
            BlockingQueue<Boolean> statisticsAtFirstEvent = new LinkedBlockingQueue<>();
            Subscriptions subscriptions = Subscriptions.builder(jdbi, CODEC)
                    .add(Subscription.builder("stats").on(Noted.class, (event, metadata, handle) -> {
                        if (statisticsAtFirstEvent.isEmpty()) {
                            statisticsAtFirstEvent.add(hasStatistics(jdbi));
                        }
                    }).build())
                    .build();

            // when
            subscriptions.start();
            try {
                // then
                assertThat(statisticsAtFirstEvent.poll(60, TimeUnit.SECONDS))
                        .as("the log had planner statistics when the first event was handled")
                        .isTrue();
            } finally {
                subscriptions.stop();
            }
        }
    }

    private static boolean hasStatistics(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT c.reltuples >= 0 AND EXISTS (SELECT 1"
                        + " FROM pg_stats s WHERE s.tablename = 'cqrs_events' AND s.schemaname = current_schema())"
                        + " FROM pg_class c WHERE c.oid = 'cqrs_events'::regclass")
                .mapTo(Boolean.class).one());
    }
}
