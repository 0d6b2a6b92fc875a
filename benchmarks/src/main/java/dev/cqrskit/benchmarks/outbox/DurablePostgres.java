package dev.cqrskit.benchmarks.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;

/** The embedded PostgreSQL the database benchmarks measure against: durable settings, a fresh data directory. */
public final class DurablePostgres {

    private DurablePostgres() {
    }

    /**
     * Returns the {@code synchronous_commit} the harnesses' own sessions use, from the system property
     * {@code synchronous.commit}: {@code on} (the default, durable commits) or {@code off} (commits do not wait for
     * the disk, so a figure shows CPU and round trips rather than the day's fsync time).
     *
     * @return {@code "on"} or {@code "off"}
     * @throws IllegalArgumentException if the property has another value
     */
    public static String synchronousCommit() {
        String value = System.getProperty("synchronous.commit", "on");
        if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("synchronous.commit must be on or off, but was '" + value + "'");
        }
        return value;
    }

    /**
     * Starts a server with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, 256 MB of shared
     * buffers and 100 connections, on loopback.
     *
     * @param prefix the data directory's name prefix
     * @return the running server; the caller closes it
     * @throws IOException if the directory cannot be made or the server does not start
     */
    public static EmbeddedPostgres start(String prefix) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(prefix))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "100")
                .start();
    }
}
