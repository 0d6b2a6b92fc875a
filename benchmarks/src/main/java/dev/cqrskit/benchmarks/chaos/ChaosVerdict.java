package dev.cqrskit.benchmarks.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * What the chaos run's delivery log says against the producers' ledger: what was lost, delivered though never
 * committed, delivered out of order, and delivered again, each repeat with the fault that explains it, against the
 * delivery before it: the earliest fault, a kill of the relay that made the delivery before (logged just before the
 * SIGKILL, ahead of the repeat) or a crash of the server between the two while that relay ran (the crash may undo a delete it committed asynchronously); failing that,
 * a crash before the delivery before while its relay ran (publishing does not touch the database, so a batch
 * claimed before a crash may be published after it, and its commit then fails). Built once, at the end of the run;
 * not threadsafe.
 */
final class ChaosVerdict {

    private long committed;
    private long poison;
    private long ledgerGaps;
    private long deliveries;
    private long lost;
    private long phantoms;
    private long reordered;
    private long unexplained;
    private final Map<String, Integer> repeatsByFault = new TreeMap<>();
    private int kills;
    private int crashes;

    private record Last(int line, String relay) {
    }

    /** Reads the ledger, then the log twice: its fault lines first, then its deliveries in order. */
    static ChaosVerdict of(Jdbi jdbi, Path log) throws IOException {
        ChaosVerdict verdict = new ChaosVerdict();
        Set<UUID> expected = verdict.readLedger(jdbi);
        Map<String, Integer> startedAt = new HashMap<>();
        Map<String, Integer> killedAt = new HashMap<>();
        TreeMap<Integer, String> crashedAt = new TreeMap<>(); // line -> crash
        forEachLine(log, (line, parts) -> {
            if (parts[0].equals("#")) {
                switch (parts[1]) {
                    case "started" -> startedAt.put(parts[2], line);
                    case "killed" -> killedAt.put(parts[2], line);
                    case "crashed" -> crashedAt.put(line, parts[2]);
                    case "restarted" -> { }
                    default -> throw new IllegalStateException("unknown line " + String.join(" ", parts));
                }
            }
        });
        verdict.kills = killedAt.size();
        verdict.crashes = crashedAt.size();
        Map<UUID, Last> last = new HashMap<>();
        Map<String, Integer> highest = new HashMap<>();
        forEachLine(log, (line, parts) -> {
            if (parts[0].equals("#")) {
                return;
            }
            verdict.deliveries++;
            String key = parts[0];
            int seq = Integer.parseInt(parts[1]);
            UUID id = UUID.fromString(parts[2]);
            int top = highest.getOrDefault(key, 0);
            if (seq > top + 1) {
                verdict.reordered++;
            }
            highest.put(key, Math.max(top, seq));
            Last previous = last.put(id, new Last(line, parts[3]));
            if (previous == null) {
                if (!expected.remove(id)) {
                    verdict.phantoms++;
                }
                return;
            }
            int started = startedAt.getOrDefault(previous.relay(), -1);
            int killed = killedAt.getOrDefault(previous.relay(), Integer.MAX_VALUE);
            // the earliest crash the relay ran into after the delivery before; failing that, the last one before it
            Map.Entry<Integer, String> crashAfter = crashedAt.higherEntry(previous.line());
            Map.Entry<Integer, String> crashBefore = crashedAt.lowerEntry(previous.line());
            String fault = null;
            if (crashAfter != null && crashAfter.getKey() < line && crashAfter.getKey() < killed) {
                fault = "crash " + crashAfter.getValue();
            } else if (killed < line) { // the line is written just before the kill
                fault = "kill of " + previous.relay();
            } else if (crashBefore != null && started < crashBefore.getKey()) {
                fault = "crash " + crashBefore.getValue();
            }
            if (fault == null) {
                verdict.unexplained++;
            } else {
                verdict.repeatsByFault.merge(fault, 1, Integer::sum);
            }
        });
        verdict.lost = expected.size();
        return verdict;
    }

    /** The committed counted events; counts the poison and the gaps in each key's seqs (there should be none). */
    private Set<UUID> readLedger(Jdbi jdbi) {
        Set<UUID> expected = new HashSet<>();
        Map<String, Integer> last = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT message_id, ordering_key, seq, poison FROM chaos_ledger"
                        + " ORDER BY ordering_key, seq")
                .map((rows, ctx) -> {
                    if (rows.getBoolean(4)) {
                        poison++;
                        return null;
                    }
                    committed++;
                    expected.add(rows.getObject(1, UUID.class));
                    int before = last.getOrDefault(rows.getString(2), 0);
                    if (rows.getInt(3) != before + 1) {
                        ledgerGaps++;
                    }
                    last.put(rows.getString(2), rows.getInt(3));
                    return null;
                }).forEach(ignored -> { }));
        return expected;
    }

    private interface LineHandler {
        void line(int number, String[] parts);
    }

    private static void forEachLine(Path log, LineHandler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(log)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                handler.line(number++, line.split(" "));
            }
        }
    }

    /**
     * Tells whether the run kept the guarantees: nothing lost, delivered uncommitted or reordered, every repeat
     * explained by a fault, at most the relay's batches in flight ({@code inFlight}) again after a kill, and at most
     * twice every relay's after a crash (in flight, plus the deletes committed asynchronously after the last
     * synchronous commit before it; the producers commit synchronously all the time).
     *
     * @param inFlight batch size times workers of one relay
     * @param relays   relays running at a time
     */
    boolean clean(int inFlight, int relays) {
        return lost == 0 && phantoms == 0 && reordered == 0 && unexplained == 0 && ledgerGaps == 0
                && most("kill") <= inFlight && most("crash") <= 2 * relays * inFlight;
    }

    private int most(String fault) {
        return repeatsByFault.entrySet().stream().filter(e -> e.getKey().startsWith(fault))
                .mapToInt(Map.Entry::getValue).max().orElse(0);
    }

    void print(PrintStream out, long rolledBack, long parkedPoison, long parkedOther, int inFlight, int relays) {
        int repeats = repeatsByFault.values().stream().mapToInt(Integer::intValue).sum();
        int maxKill = most("kill");
        int afterCrashes = repeatsByFault.entrySet().stream().filter(e -> e.getKey().startsWith("crash"))
                .mapToInt(Map.Entry::getValue).sum();
        int maxCrash = most("crash");
        out.printf("events produced (committed): %,d counted + %,d poison; rolled back on purpose: %,d%n",
                committed, poison, rolledBack);
        out.printf("deliveries: %,d; lost: %,d; delivered but never committed: %,d; reordered: %,d;"
                + " ledger gaps: %,d%n", deliveries, lost, phantoms, reordered, ledgerGaps);
        out.printf("duplicates: %,d (%,d after %d kills, at most %,d per kill, bound %,d; %,d after %d crashes, at most"
                        + " %,d per crash, bound %,d; unexplained: %,d)%n", repeats + unexplained,
                repeats - afterCrashes, kills, maxKill, inFlight, afterCrashes, crashes, maxCrash,
                2 * relays * inFlight, unexplained);
        out.printf("poison: %,d committed, %,d parked and discarded by the operator; parked other events: %,d%n",
                poison, parkedPoison, parkedOther);
        out.println(clean(inFlight, relays) && parkedOther == 0 && parkedPoison == poison ? "VERDICT: clean"
                : "VERDICT: FAILED");
    }
}
