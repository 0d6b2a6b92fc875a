package dev.cqrskit.outbox;

import static dev.cqrskit.outbox.OutboxFixtures.count;
import static dev.cqrskit.outbox.OutboxFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.outbox.OutboxFixtures.Counted;
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
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both faults at once, each in its own process: relays in child JVMs are killed with SIGKILL in the middle of their
 * work, and PostgreSQL is shut down in immediate mode (as a crash: no checkpoint, crash recovery on restart), while
 * producers keep appending and roll back some of their transactions on purpose. In the end nothing committed is
 * lost, nothing rolled back is delivered, order per key holds, and every duplicate is explained by a fault: a
 * message the killed relay had in flight, or, after the crash, one that a relay running at the time had claimed
 * before it or whose asynchronously committed delete the crash undid.
 */
class RelayChaosIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = OutboxFixtures.postgres();

    private static final int RELAYS = 2;
    private static final int PRODUCERS = 4;
    private static final int KEYS = 60;
    private static final int ROLLBACK_PERCENT = 10;
    /** Batch size times workers of {@link RelayProcess}: at most this many messages are in flight per JVM. */
    private static final int IN_FLIGHT = 50 * 2;
    /**
     * What one crash may bring back: the batches in flight in every relay, and as much again for the relays' deletes
     * that committed asynchronously after the last synchronous commit before the crash (docs/outbox.md; the
     * producers commit synchronously all the time, so that tail is short).
     */
    private static final int PER_CRASH = 2 * RELAYS * IN_FLIGHT;
    /** The faults, in order: a kill of a random relay, or a crash of PostgreSQL. */
    private static final List<String> FAULTS = List.of("kill", "kill", "crash", "kill", "kill");

    @TempDir
    Path directory;

    @Test
    void relaysKilledAndPostgresCrashedWhileProducingLoseNothingAndDeliverNothingRolledBack() throws Exception {
        assumeTrue(POSTGRES.isEmbedded(), "needs the embedded server, which the test can crash and start");
        // given: a ledger of what producers committed, in their own transactions; relays; producers
        Jdbi jdbi = OutboxFixtures.jdbi(POSTGRES);
        jdbi.useHandle(h -> h.execute("CREATE TABLE chaos_ledger (message_id UUID PRIMARY KEY,"
                + " ordering_key TEXT NOT NULL, seq INT NOT NULL)"));
        Path deliveries = Files.createFile(directory.resolve("deliveries.txt"));
        Map<String, Process> relays = new HashMap<>();
        AtomicInteger names = new AtomicInteger();
        for (int r = 0; r < RELAYS; r++) {
            startRelay(relays, "r" + names.incrementAndGet(), deliveries);
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Producer> producers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            Producer producer = new Producer(jdbi, p, producing);
            producers.add(producer);
            threads.add(new Thread(producer, "chaos-producer-" + p));
        }
        threads.forEach(Thread::start);
        Random random = new Random(42);
        int crashes = 0;
        try {
            // when: each fault strikes once every relay alive is publishing
            Map<String, Long> published = new HashMap<>();
            for (String fault : FAULTS) {
                awaitPublishing(deliveries, relays.keySet(), published);
                if (fault.equals("crash")) {
                    crashes++;
                    POSTGRES.crashServer();
                    DeliveryLog.fault(deliveries, "crashed", Integer.toString(crashes));
                    Thread.sleep(500);
                    POSTGRES.startServer();
                    DeliveryLog.fault(deliveries, "restarted", Integer.toString(crashes));
                } else {
                    List<String> alive = new ArrayList<>(relays.keySet());
                    String victim = alive.get(random.nextInt(alive.size()));
                    Process process = relays.remove(victim);
                    DeliveryLog.fault(deliveries, "killed", victim);
                    process.destroyForcibly();
                    process.waitFor();
                    assertThat(process.exitValue()).as("%s killed by SIGKILL", victim).isEqualTo(128 + 9);
                    startRelay(relays, "r" + names.incrementAndGet(), deliveries);
                }
            }
            producing.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(eventually(Duration.ofSeconds(60), () -> count(jdbi, "true") == 0))
                    .as("the relays drained the outbox").isTrue();
        } finally {
            producing.set(false);
            for (Process process : relays.values()) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        // then
        DeliveryLog log = DeliveryLog.read(deliveries);
        Map<UUID, String> committed = new HashMap<>();
        Map<String, List<Integer>> committedSeqs = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT message_id, ordering_key, seq FROM chaos_ledger ORDER BY seq")
                .map((rows, ctx) -> new Committed(rows.getObject(1, UUID.class), rows.getString(2), rows.getInt(3)))
                .forEach(row -> {
                    committed.put(row.messageId(), row.key());
                    committedSeqs.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.seq());
                }));
        Set<UUID> delivered = new HashSet<>();
        log.deliveries().forEach(d -> delivered.add(d.messageId()));
        Set<UUID> rolledBack = new HashSet<>();
        producers.forEach(p -> rolledBack.addAll(p.rolledBack));
        Set<UUID> lost = new HashSet<>(committed.keySet());
        lost.removeAll(delivered);
        Set<UUID> phantoms = new HashSet<>(delivered);
        phantoms.removeAll(committed.keySet());
        Map<String, Integer> duplicates = log.duplicatesByFault();
        String summary = String.format("committed %,d, rolled back %,d, deliveries %,d, duplicates %s, crashes %d",
                committed.size(), rolledBack.size(), log.deliveries().size(), duplicates, crashes);
        assertThat(committed).as(summary).hasSizeGreaterThan(KEYS);
        assertThat(rolledBack).as(summary).isNotEmpty();
        committedSeqs.forEach((key, seqs) -> assertThat(seqs).as("the ledger of %s", key)
                .isEqualTo(IntStream.rangeClosed(1, seqs.size()).boxed().toList()));
        assertThat(lost).as("lost; %s", summary).isEmpty();
        assertThat(phantoms).as("delivered but never committed; %s", summary).isEmpty();
        assertThat(log.orderViolations()).as(summary).isEmpty();
        assertThat(duplicates).as(summary).doesNotContainKey("unexplained");
        duplicates.forEach((fault, n) -> assertThat(n).as("duplicates after %s; %s", fault, summary)
                .isLessThanOrEqualTo(fault.startsWith("crash") ? PER_CRASH : IN_FLIGHT));
    }

    private static void startRelay(Map<String, Process> relays, String name, Path deliveries) throws IOException {
        DeliveryLog.fault(deliveries, "started", name);
        relays.put(name, RelayProcess.start(POSTGRES.database(), deliveries, name));
    }

    private record Committed(UUID messageId, String key, int seq) {
    }

    /** Waits until every relay alive has published 20 more events since the last fault, so that it is mid-run. */
    private static void awaitPublishing(Path deliveries, Set<String> relays, Map<String, Long> before) {
        for (String relay : relays) {
            long target = before.getOrDefault(relay, 0L) + 20;
            assertThat(eventually(Duration.ofSeconds(120), () -> DeliveryLog.deliveredBy(deliveries, relay) >= target))
                    .as("relay %s publishes", relay).isTrue();
        }
        for (String relay : relays) {
            before.put(relay, DeliveryLog.deliveredBy(deliveries, relay));
        }
    }

    /**
     * Appends 1 to 3 counted events per transaction to its own keys (so appends of one key never run concurrently),
     * with one ledger row per event in the same transaction; rolls back some transactions on purpose. It commits
     * synchronously, so what it saw committed survives a crash. When a transaction fails because the server went
     * away, its outcome is unknown until the server is back: the ledger tells.
     */
    private static final class Producer implements Runnable {
        private final Jdbi jdbi;
        private final List<String> keys = new ArrayList<>();
        private final AtomicBoolean producing;
        private final Map<String, Integer> next = new HashMap<>();
        private final Random random;
        final Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();

        Producer(Jdbi jdbi, int index, AtomicBoolean producing) {
            this.jdbi = jdbi;
            this.producing = producing;
            this.random = new Random(index);
            for (int k = index; k < KEYS; k += PRODUCERS) {
                keys.add("key-" + k);
            }
        }

        @Override
        public void run() {
            while (producing.get()) {
                String key = keys.get(random.nextInt(keys.size()));
                int from = next.getOrDefault(key, 1);
                int size = 1 + random.nextInt(3);
                List<EventMessage<Counted>> messages = new ArrayList<>();
                for (int seq = from; seq < from + size; seq++) {
                    messages.add(OutboxFixtures.aCounted(key, seq));
                }
                boolean rollBack = random.nextInt(100) < ROLLBACK_PERCENT;
                try {
                    jdbi.useTransaction(h -> {
                        h.execute("SET LOCAL synchronous_commit = on");
                        OutboxFixtures.OUTBOX.append(h, key, messages);
                        PreparedBatch ledger = h.prepareBatch("INSERT INTO chaos_ledger VALUES (?, ?, ?)");
                        messages.forEach(m -> ledger.add(m.metadata().messageId(), key, m.event().seq()));
                        ledger.execute();
                        if (rollBack) {
                            throw new RolledBackOnPurpose();
                        }
                    });
                    next.put(key, from + messages.size());
                } catch (RolledBackOnPurpose e) {
                    messages.forEach(m -> rolledBack.add(m.metadata().messageId()));
                } catch (RuntimeException e) {
                    if (committed(messages.get(0).metadata().messageId())) {
                        next.put(key, from + messages.size());
                    }
                }
                pause(5);
            }
        }

        /** Asks the ledger, as soon as the server answers (within a minute), whether a transaction committed. */
        private boolean committed(UUID messageId) {
            RuntimeException failure = null;
            for (int attempt = 0; attempt < 600; attempt++) {
                try {
                    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM chaos_ledger WHERE message_id = ?")
                            .bind(0, messageId).mapTo(Long.class).one()) > 0;
                } catch (RuntimeException e) {
                    failure = e;
                    pause(100);
                }
            }
            throw new IllegalStateException("The ledger did not answer for a minute", failure);
        }
    }

    private static final class RolledBackOnPurpose extends RuntimeException {
        RolledBackOnPurpose() {
            super("rolled back on purpose", null, false, false);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
