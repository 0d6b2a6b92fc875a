package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static dev.cqrskit.outbox.OutboxFixtures.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.outbox.OutboxFixtures.RecordingPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several relays share one outbox: per-key order holds and nothing is published twice. */
class SeveralRelaysIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final int KEYS = 1_000;
    private static final int PER_KEY = 20;

    @Test
    void threeRelaysPublishTwentyThousandEventsOverAThousandKeysInOrderWithoutDuplicates() {
        // given: half the events committed before the relays start, half while they run
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        produce(jdbi, KEYS, PER_KEY / 2, 5);
        RecordingPublisher publisher = new RecordingPublisher();
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(100).concurrency(2)
                .pollInterval(Duration.ofMillis(200)).build();
        List<OutboxRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                relays.add(new OutboxRelay(jdbi, publisher, config).start());
            }
            // when
            int late = 0;
            for (int seq = PER_KEY / 2 + 1; seq <= PER_KEY; seq++) {
                late += appendOneRound(jdbi, seq);
            }
            assertThat(late).isEqualTo(KEYS * PER_KEY / 2);
            boolean drained = eventually(Duration.ofSeconds(120),
                    () -> publisher.delivered() >= KEYS * PER_KEY && count(jdbi, "true") == 0);
            // then
            assertThat(drained).as("all %s events published, %s so far", KEYS * PER_KEY, publisher.delivered())
                    .isTrue();
        } finally {
            relays.forEach(OutboxRelay::close);
        }
        assertThat(publisher.orderViolations()).isEmpty();
        assertThat(publisher.duplicates()).isZero();
        assertThat(publisher.incompleteKeys(KEYS, PER_KEY)).isEmpty();
        assertThat(publisher.delivered()).isEqualTo(KEYS * PER_KEY);
        assertThat(publisher.batches()).as("the work was spread over many batches").isGreaterThan(20);
    }

    /** One transaction per 100 keys, each appending the event {@code seq} of its keys. */
    private static int appendOneRound(Jdbi jdbi, int seq) {
        int appended = 0;
        for (int from = 0; from < KEYS; from += 100) {
            int start = from;
            appended += jdbi.inTransaction(h -> {
                for (int k = start; k < start + 100; k++) {
                    OutboxFixtures.OUTBOX.append(h, "key-" + k, List.of(OutboxFixtures.aCounted("key-" + k, seq)));
                }
                return 100;
            });
        }
        return appended;
    }
}
