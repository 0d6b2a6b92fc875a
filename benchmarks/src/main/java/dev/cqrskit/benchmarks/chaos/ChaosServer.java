package dev.cqrskit.benchmarks.chaos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the chaos run, which it crashes and starts again on the same port and data. A crash is
 * an immediate shutdown: SIGQUIT to the postmaster, the signal {@code pg_ctl stop -m immediate} sends, so every
 * server process quits at once without a checkpoint and the next start runs crash recovery. Not threadsafe: the
 * run's main thread drives it.
 */
final class ChaosServer {

    private final Path data;
    private EmbeddedPostgres embedded;
    private int port;

    ChaosServer(Path data) {
        this.data = data;
    }

    /** Starts the server; the first start picks a free port, later ones reuse it. */
    void start() throws IOException {
        // fsync only matters when the machine crashes; this run crashes the server, so it spares the shared disk.
        embedded = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "on")
                .start();
        port = embedded.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Shuts the server down in immediate mode and waits until its postmaster is gone. */
    void crash() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -QUIT " + pid + " failed with exit code " + kill.exitValue());
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        if (postmaster != null && postmaster.onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join() == null) {
            throw new IllegalStateException("The postmaster " + pid + " did not quit within 60 s of SIGQUIT");
        }
        // zonky's close() tries a fast stop, finds no server and logs an error with a stack trace: expected here.
        // What matters is that it releases its lock on the data directory.
        Logger zonky = (Logger) LoggerFactory.getLogger(EmbeddedPostgres.class);
        Level level = zonky.getLevel();
        zonky.setLevel(Level.OFF);
        try {
            embedded.close();
        } finally {
            zonky.setLevel(level);
            embedded = null;
        }
    }

    void stop() throws IOException {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
