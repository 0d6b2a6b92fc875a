package dev.cqrskit.benchmarks.chaos;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;

/**
 * One relay JVM of the chaos run, started and killed by {@link RelayChaos}. Its broker is the delivery log: for
 * every event it publishes it appends "key seq messageId relay", one write per call, before answering; it rejects
 * poison events for good. After its first publish call it creates the file NAME.ready next to the log, so that the
 * run kills relays at work, not relays still starting. It runs until killed, or for an hour at most.
 *
 * <p>Arguments: JDBC URL, delivery log, relay name, batch size, worker threads.
 */
public final class ChaosRelay {

    private ChaosRelay() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[2];
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(Integer.parseInt(args[3]))
                .concurrency(Integer.parseInt(args[4])).pollInterval(Duration.ofMillis(100)).build();
        try (FileChannel log = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            OutboxRelay relay = new OutboxRelay(Jdbi.create(args[0]),
                    publisher(log, name, Path.of(args[1]).resolveSibling(name + ".ready")), config).start();
            try {
                Thread.sleep(Duration.ofHours(1).toMillis());
            } finally {
                relay.close();
            }
        }
    }

    /** Keeps the EventPublisher contract: once an event of a key fails, the later ones of that key fail too. */
    private static EventPublisher publisher(FileChannel log, String name, Path ready) {
        AtomicBoolean working = new AtomicBoolean();
        return batch -> {
            StringBuilder lines = new StringBuilder();
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            Set<String> failedKeys = new HashSet<>();
            for (SerializedEvent event : batch) {
                if (event.type().equals(ChaosEvents.POISON_TYPE)) {
                    failedKeys.add(event.key());
                    outcomes.add(PublishOutcome.permanent(event.messageId(), "poison: the broker rejects it"));
                } else if (failedKeys.contains(event.key())) {
                    outcomes.add(PublishOutcome.retryable(event.messageId(), "an earlier event of its key failed"));
                } else {
                    ChaosEvents.Counted counted = (ChaosEvents.Counted) ChaosEvents.OUTBOX.codec().decode(event)
                            .event();
                    lines.append(counted.key()).append(' ').append(counted.seq()).append(' ')
                            .append(event.messageId()).append(' ').append(name).append('\n');
                    outcomes.add(PublishOutcome.published(event.messageId(), null));
                }
            }
            append(log, lines.toString());
            if (working.compareAndSet(false, true)) {
                try {
                    Files.createFile(ready);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sleep(2); // a broker round trip, so that kills find batches in flight
            return outcomes;
        };
    }

    private static void append(FileChannel log, String lines) {
        ByteBuffer buffer = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
        synchronized (log) {
            try {
                while (buffer.hasRemaining()) {
                    log.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
