package dev.cqrskit.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The file that relays in child JVMs ({@link RelayProcess}) append their deliveries to, one line "key seq messageId
 * relay" per event, and that a test appends what it does to them, one line "# kind subject" each: "# started NAME"
 * before relay NAME starts, "# killed NAME" just before its JVM gets SIGKILL (it may still publish until it dies, but
 * nothing that its death brings back can come before this line), "# crashed N" once PostgreSQL is down after crash
 * N, "# restarted N" once it is up again. Lines are in the order they were written, so a fault line separates what
 * happened before it from what happened after.
 */
final class DeliveryLog {

    /** One published event, at line {@code line} of the file. */
    record Delivery(int line, String key, int seq, UUID messageId, String relay) {
    }

    /** A line about the relays or the server at line {@code line}: {@code kind} is started, killed, crashed... */
    private record Fault(int line, String kind, String subject) {
    }

    private final List<Delivery> deliveries;
    private final List<Fault> faults;

    private DeliveryLog(List<Delivery> deliveries, List<Fault> faults) {
        this.deliveries = deliveries;
        this.faults = faults;
    }

    static DeliveryLog read(Path file) throws IOException {
        List<Delivery> deliveries = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(" ");
            if (parts[0].equals("#") && parts.length == 3) {
                faults.add(new Fault(i, parts[1], parts[2]));
            } else if (parts.length == 4) {
                deliveries.add(new Delivery(i, parts[0], Integer.parseInt(parts[1]), UUID.fromString(parts[2]),
                        parts[3]));
            }
        }
        return new DeliveryLog(deliveries, faults);
    }

    /** Appends a fault line, "# kind subject", in one write. */
    static void fault(Path file, String kind, String subject) {
        try {
            Files.writeString(file, "# " + kind + " " + subject + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the deliveries of one relay so far; cheap enough to poll. */
    static long deliveredBy(Path file, String relay) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.endsWith(" " + relay) && !line.startsWith("#")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    List<Delivery> deliveries() {
        return deliveries;
    }

    /** The seqs delivered per key, in delivery order, redeliveries included. */
    Map<String, List<Integer>> seqsByKey() {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (Delivery delivery : deliveries) {
            byKey.computeIfAbsent(delivery.key(), k -> new ArrayList<>()).add(delivery.seq());
        }
        return byKey;
    }

    /**
     * Deliveries that jumped ahead in their key: seq s delivered before every seq below s was. Keys start at seq 1; a
     * redelivery of an earlier seq is a duplicate, not a violation.
     */
    List<String> orderViolations() {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> highest = new HashMap<>();
        for (Delivery delivery : deliveries) {
            int before = highest.getOrDefault(delivery.key(), 0);
            if (delivery.seq() > before + 1) {
                violations.add(delivery.key() + ": " + delivery.seq() + " after " + before + " (line "
                        + delivery.line() + ")");
            }
            highest.put(delivery.key(), Math.max(before, delivery.seq()));
        }
        return violations;
    }

    /**
     * Counts the repeated deliveries of a message id per fault that explains them, comparing each delivery with the
     * one before it: the earliest fault that explains it, "killed NAME" when relay NAME made the delivery before and
     * was killed before the repeat, or "crash N" between the two while the relay that made it was running (it had
     * claimed the batch before the crash, or its asynchronously committed delete was undone); failing that, a crash
     * before the delivery before while its relay ran (publishing does not touch the database, so a batch claimed
     * before the crash may be published after it, and its commit then fails). A repeat that no fault explains is
     * counted under "unexplained".
     */
    Map<String, Integer> duplicatesByFault() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<UUID, Delivery> last = new HashMap<>();
        for (Delivery delivery : deliveries) {
            Delivery previous = last.put(delivery.messageId(), delivery);
            if (previous != null) {
                counts.merge(explanation(previous, delivery).orElse("unexplained"), 1, Integer::sum);
            }
        }
        return counts;
    }

    private Optional<String> explanation(Delivery previous, Delivery repeat) {
        String crashBefore = null;
        for (Fault fault : faults) {
            if (fault.line() > repeat.line()) {
                break;
            }
            boolean ran = fault.kind().equals("crashed") && startLine(previous.relay()) < fault.line();
            if (fault.kind().equals("killed") && fault.subject().equals(previous.relay())) {
                return Optional.of("killed " + fault.subject());
            } else if (fault.line() < previous.line()) {
                crashBefore = ran ? "crash " + fault.subject() : crashBefore;
            } else if (ran) {
                return Optional.of("crash " + fault.subject());
            }
        }
        return Optional.ofNullable(crashBefore);
    }

    private int startLine(String relay) {
        return faults.stream().filter(f -> f.kind().equals("started") && f.subject().equals(relay))
                .mapToInt(Fault::line).findFirst().orElse(-1);
    }
}
