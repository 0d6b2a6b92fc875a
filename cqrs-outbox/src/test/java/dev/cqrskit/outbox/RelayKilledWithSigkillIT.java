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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay running in a child JVM is killed with SIGKILL, repeatedly, in the middle of its work; a fresh one takes
 * over each time. Nothing is lost, order per key holds, and duplicates stay within the batches in flight.
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
            Process relay = startRelayJvm(deliveries);
            try {
                int target = total * kill / (KILLS + 1);
                assertThat(eventually(Duration.ofSeconds(60), () -> lines(deliveries) >= target))
                        .as("relay JVM %s published %s messages", kill, target).isTrue();
            } finally {
                relay.destroyForcibly();
                relay.waitFor();
            }
            assertThat(relay.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        }
        Process last = startRelayJvm(deliveries);
        try {
            assertThat(eventually(Duration.ofSeconds(60), () -> count(jdbi, "true") == 0)).isTrue();
        } finally {
            last.destroyForcibly();
            last.waitFor();
        }
        // then
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (String line : Files.readAllLines(deliveries)) {
            String[] parts = line.split(" ");
            if (parts.length == 2) {
                byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        List<String> violations = new ArrayList<>();
        int duplicates = 0;
        for (Map.Entry<String, List<Integer>> entry : byKey.entrySet()) {
            int highest = 0;
            Set<Integer> seen = new HashSet<>();
            for (int seq : entry.getValue()) {
                if (seq > highest + 1) {
                    violations.add(entry.getKey() + ": " + seq + " after " + highest);
                }
                highest = Math.max(highest, seq);
                if (!seen.add(seq)) {
                    duplicates++;
                }
            }
            assertThat(seen).as("every event of %s delivered", entry.getKey()).hasSize(PER_KEY);
        }
        assertThat(byKey).hasSize(KEYS);
        assertThat(violations).isEmpty();
        assertThat(duplicates).isLessThanOrEqualTo(KILLS * IN_FLIGHT);
    }

    private static Process startRelayJvm(Path deliveries) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), RelayProcess.class.getName(), POSTGRES.database().jdbcUrl(),
                POSTGRES.database().user(), deliveries.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static long lines(Path file) {
        try (var stream = Files.lines(file)) {
            return stream.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
