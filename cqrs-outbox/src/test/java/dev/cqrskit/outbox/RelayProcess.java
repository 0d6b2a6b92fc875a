package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.test.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay in its own JVM, for {@link RelayKilledWithSigkillIT} and {@link RelayChaosIT}: it appends a line
 * "key seq messageId relay" for every event it publishes to a file ({@link DeliveryLog}), one write per batch,
 * before reporting the batch published. Arguments: JDBC URL, user, file, and optionally the relay's name (default
 * "relay").
 */
public final class RelayProcess {

    private RelayProcess() {
    }

    /** Starts a relay JVM on the test's class path, with the database and file to work on, and its name. */
    static Process start(PostgresDatabase database, Path deliveries, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), RelayProcess.class.getName(), database.jdbcUrl(),
                database.user(), deliveries.toString(), name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    public static void main(String[] args) throws Exception {
        Jdbi jdbi = Jdbi.create(args[0], args[1], "");
        String name = args.length > 3 ? args[3] : "relay";
        FileChannel out = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        OutboxRelayConfig config = OutboxRelayConfig.builder().batchSize(50).concurrency(2)
                .pollInterval(Duration.ofMillis(100)).build();
        OutboxRelay relay = new OutboxRelay(jdbi, (List<SerializedEvent> batch) -> {
            StringBuilder lines = new StringBuilder();
            List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
            for (SerializedEvent event : batch) {
                OutboxFixtures.Counted counted = (OutboxFixtures.Counted) OutboxFixtures.OUTBOX.codec().decode(event).event();
                lines.append(counted.key()).append(' ').append(counted.seq()).append(' ').append(event.messageId())
                        .append(' ').append(name).append('\n');
                outcomes.add(PublishOutcome.published(event.messageId(), null));
            }
            synchronized (out) {
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sleep(5);
            return outcomes;
        }, config).start();
        // Runs until killed; a bounded lifetime keeps a forgotten child from living forever.
        Thread.sleep(Duration.ofMinutes(3).toMillis());
        relay.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
