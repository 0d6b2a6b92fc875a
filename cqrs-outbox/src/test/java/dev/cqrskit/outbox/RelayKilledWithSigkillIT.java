package dev.cqrskit.outbox;

import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static dev.cqrskit.outbox.OutboxFixtures.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.test.postgres.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay running in a child JVM is killed with SIGKILL, repeatedly, in the middle of its work; a fresh one takes
 * over each time. Nothing is lost, order per key holds, and every duplicate is a message the killed relay had in
 * flight.
 */
class RelayKilledWithSigkillIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final int KEYS = 100;
    private static final int PER_KEY = 60;
    private static final int KILLS = 3;
    /** Batch size times workers of {@link RelayProcess}: at most this many messages are in flight per JVM. */
    private static final int IN_FLIGHT = 50 * 2;

    @TempDir
    Path directory;

    @Test
    void relayJvmsKilledWithSigkillLoseNothingAndKeepKeyOrder() throws Exception {
        // given
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        int total = produce(jdbi, KEYS, PER_KEY, 10);
        Path deliveries = directory.resolve("deliveries.txt");
        Files.createFile(deliveries);
        // when: start a relay JVM, let it publish a while, kill it with SIGKILL; KILLS times
        for (int kill = 1; kill <= KILLS; kill++) {
            Process relay = RelayProcess.start(POSTGRES.database(), deliveries, "relay-" + kill);
            try {
                int target = total * kill / (KILLS + 1);
                assertThat(eventually(Duration.ofSeconds(60), () -> lines(deliveries) >= target))
                        .as("relay JVM %s published %s messages", kill, target).isTrue();
            } finally {
                DeliveryLog.fault(deliveries, "killed", "relay-" + kill);
                relay.destroyForcibly();
                relay.waitFor();
            }
            assertThat(relay.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        }
        Process last = RelayProcess.start(POSTGRES.database(), deliveries, "relay-last");
        try {
            assertThat(eventually(Duration.ofSeconds(60), () -> count(jdbi, "true") == 0)).isTrue();
        } finally {
            last.destroyForcibly();
            last.waitFor();
        }
        // then
        DeliveryLog log = DeliveryLog.read(deliveries);
        Map<String, List<Integer>> byKey = log.seqsByKey();
        assertThat(byKey).hasSize(KEYS);
        byKey.forEach((key, seqs) -> assertThat(new HashSet<>(seqs)).as("every event of %s delivered", key)
                .hasSize(PER_KEY));
        assertThat(log.orderViolations()).isEmpty();
        Map<String, Integer> duplicates = log.duplicatesByFault();
        assertThat(duplicates).doesNotContainKey("unexplained");
        assertThat(duplicates.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(IN_FLIGHT));
    }

    private static long lines(Path file) {
        try (var stream = Files.lines(file)) {
            return stream.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
