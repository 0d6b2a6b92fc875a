package dev.cqrskit.benchmarks.chaos;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.ParkedMessage;
import dev.cqrskit.outbox.schema.CqrsSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * A long chaos run of the outbox relay, by hand (never in the test build):
 * <pre>
 * ./mvnw -B -o -pl benchmarks -am package -DskipTests
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.chaos.RelayChaos
 * </pre>
 * Relays run in child JVMs ({@link ChaosRelay}) and publish to a delivery log; producer threads append to 1,000
 * keys, roll back a share of their transactions and now and then append a poison event, which the relays park and
 * an operator thread discards. Every few seconds a random relay at work is killed with SIGKILL and a fresh one
 * started;
 * about every minute PostgreSQL is shut down in immediate mode and started again (crash recovery). At the end the
 * producers stop, the relays drain the outbox, and {@link ChaosVerdict} prints what was produced, delivered, lost,
 * reordered and duplicated, each duplicate with the fault that explains it. Exit code 0 when the verdict is clean.
 *
 * <p>Settings (system properties, defaults in brackets): {@code chaos.seconds} [600], {@code chaos.relays} [3],
 * {@code chaos.workers} per relay [2], {@code chaos.batch} [100], {@code chaos.producers} [4], {@code chaos.keys}
 * [1000], {@code chaos.rollbackPercent} [5], {@code chaos.poisonPerMille} of transactions [2],
 * {@code chaos.pauseMillis} between a producer's transactions [2], {@code chaos.killSeconds} [5],
 * {@code chaos.crashSeconds} [60].
 */
public final class RelayChaos {

    private final Path work;
    private final Path log;
    private final ChaosServer server;
    private final Map<String, Process> relays = new LinkedHashMap<>();
    private int relayNames;

    private RelayChaos(Path work) {
        this.work = work;
        this.log = work.resolve("deliveries.log");
        this.server = new ChaosServer(work.resolve("pgdata"));
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("cqrs-chaos-");
        // Broken connections after each crash are expected; Hikari would log each with a stack trace.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.zaxxer.hikari")).setLevel(Level.ERROR);
        RelayChaos chaos = new RelayChaos(work);
        boolean clean;
        try {
            clean = chaos.run();
        } finally {
            chaos.relays.values().forEach(Process::destroyForcibly);
            chaos.server.stop();
        }
        System.out.println("work directory (delivery log, relay output): " + work);
        System.exit(clean ? 0 : 1);
    }

    private boolean run() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("chaos.seconds", 600));
        int relayCount = Integer.getInteger("chaos.relays", 3);
        int producerCount = Integer.getInteger("chaos.producers", 4);
        int keys = Integer.getInteger("chaos.keys", 1_000);
        Duration killEvery = Duration.ofSeconds(Long.getLong("chaos.killSeconds", 5));
        Duration crashEvery = Duration.ofSeconds(Long.getLong("chaos.crashSeconds", 60));
        Files.createFile(log);
        server.start();
        Jdbi admin = Jdbi.create(server.jdbcUrl());
        CqrsSchema.install(admin);
        admin.useHandle(h -> h.execute(ChaosEvents.LEDGER));
        System.out.printf("chaos: %s, %d relay JVMs x %s workers, batch %s, %d producers over %,d keys, rollbacks"
                        + " %s %%, poison %s per mille of transactions, a kill every ~%s s, a crash every ~%s s;"
                        + " %s, %d CPUs%n", duration, relayCount, Integer.getInteger("chaos.workers", 2),
                Integer.getInteger("chaos.batch", 100), producerCount, keys,
                Integer.getInteger("chaos.rollbackPercent", 5), Integer.getInteger("chaos.poisonPerMille", 2),
                killEvery.toSeconds(), crashEvery.toSeconds(),
                admin.withHandle(h -> h.createQuery("SELECT version()").mapTo(String.class).one()),
                Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < relayCount; r++) {
            startRelay();
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        List<ChaosProducer> producers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (HikariDataSource pool = pool(producerCount)) {
            Jdbi jdbi = Jdbi.create(pool);
            for (int p = 0; p < producerCount; p++) {
                List<String> own = new ArrayList<>();
                for (int k = p; k < keys; k += producerCount) {
                    own.add("key-" + k);
                }
                ChaosProducer producer = new ChaosProducer(jdbi, own, Integer.getInteger("chaos.rollbackPercent", 5),
                        Integer.getInteger("chaos.poisonPerMille", 2), Long.getLong("chaos.pauseMillis", 2),
                        producing, p);
                producers.add(producer);
                threads.add(new Thread(producer, "chaos-producer-" + p));
            }
            Operator operator = new Operator(new OutboxOperations(jdbi));
            Thread operatorThread = new Thread(operator, "chaos-operator");
            operatorThread.setDaemon(true);
            operatorThread.start();
            threads.forEach(Thread::start);
            long started = System.nanoTime();
            strike(duration, killEvery, crashEvery);
            producing.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            long produced = producers.stream().mapToLong(p -> p.committed.sum()).sum();
            System.out.printf("producers stopped after %.0f s: %,d events committed (%,.0f/s), %,d transactions in"
                            + " doubt resolved by the ledger%n", (System.nanoTime() - started) / 1e9, produced,
                    produced / ((System.nanoTime() - started) / 1e9),
                    producers.stream().mapToLong(p -> p.inDoubt.sum()).sum());
            boolean drained = await(Duration.ofMinutes(5), () -> backlog(jdbi) == 0);
            System.out.println(drained ? "outbox drained" : "outbox NOT drained: " + backlog(jdbi) + " rows left");
            operator.running.set(false);
            operatorThread.join();
            relays.values().forEach(Process::destroyForcibly);
            ChaosVerdict verdict = ChaosVerdict.of(jdbi, log);
            int inFlight = Integer.getInteger("chaos.batch", 100) * Integer.getInteger("chaos.workers", 2);
            verdict.print(System.out, producers.stream().mapToLong(p -> p.rolledBack.size()).sum(),
                    operator.discarded.sum(), operator.other.sum(), inFlight, relayCount);
            return drained && verdict.clean(inFlight, relayCount) && operator.other.sum() == 0;
        }
    }

    /** Kills a random relay every ~killEvery and crashes the server every ~crashEvery, for the whole duration. */
    private void strike(Duration duration, Duration killEvery, Duration crashEvery) throws Exception {
        Random random = new Random(7);
        long end = System.nanoTime() + duration.toNanos();
        long nextKill = System.nanoTime() + jitter(random, killEvery);
        long nextCrash = System.nanoTime() + jitter(random, crashEvery);
        long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int crashes = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(50);
            long now = System.nanoTime();
            if (now >= nextCrash) {
                crashes++;
                server.crash();
                fault("crashed " + crashes);
                Thread.sleep(1_000);
                server.start();
                fault("restarted " + crashes);
                nextCrash = System.nanoTime() + jitter(random, crashEvery);
            } else if (now >= nextKill) {
                List<String> working = relays.keySet().stream()
                        .filter(name -> Files.exists(work.resolve(name + ".ready"))).toList();
                if (working.isEmpty()) {
                    nextKill = now + Duration.ofSeconds(1).toNanos(); // every relay is still starting
                    continue;
                }
                String victim = working.get(random.nextInt(working.size()));
                Process process = relays.remove(victim);
                fault("killed " + victim); // before the kill: what it brings back comes after this line
                process.destroyForcibly();
                process.waitFor();
                startRelay();
                nextKill = System.nanoTime() + jitter(random, killEvery);
            } else if (now >= nextReport) {
                System.out.printf("%s: delivery log %,d KiB, %d kills, %d crashes so far%n", Instant.now(),
                        Files.size(log) / 1024, relayNames - relays.size(), crashes);
                nextReport = now + Duration.ofSeconds(30).toNanos();
            }
        }
    }

    private void startRelay() throws IOException {
        String name = "relay-" + (++relayNames);
        fault("started " + name);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ChaosRelay.class.getName(), server.jdbcUrl(), log.toString(), name,
                Integer.toString(Integer.getInteger("chaos.batch", 100)),
                Integer.toString(Integer.getInteger("chaos.workers", 2)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("relays.out").toFile()))
                .start();
        relays.put(name, process);
    }

    /** Appends a line about the relays or the server to the delivery log: before a start or a kill, after a crash. */
    private void fault(String what) throws IOException {
        Files.writeString(log, "# " + what + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private HikariDataSource pool(int producers) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setMaximumPoolSize(producers + 2);
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static long backlog(Jdbi jdbi) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM cqrs_outbox").mapTo(Long.class).one());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean await(Duration limit, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private static long jitter(Random random, Duration every) {
        return (long) (every.toNanos() * (0.5 + random.nextDouble()));
    }

    /** Discards parked poison every second, as an operator would; leaves any other parked event for the verdict. */
    private static final class Operator implements Runnable {
        private final OutboxOperations operations;
        final AtomicBoolean running = new AtomicBoolean(true);
        final LongAdder discarded = new LongAdder();
        final LongAdder other = new LongAdder();
        private final Set<UUID> reported = new HashSet<>();

        Operator(OutboxOperations operations) {
            this.operations = operations;
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    for (ParkedMessage parked : operations.parked(1_000)) {
                        if (parked.eventType().equals(ChaosEvents.POISON_TYPE)) {
                            if (operations.discard(parked.messageId())) {
                                discarded.increment();
                            }
                        } else if (reported.add(parked.messageId())) {
                            other.increment();
                            System.out.println("parked, though not poison: " + parked);
                        }
                    }
                    Thread.sleep(1_000);
                } catch (RuntimeException e) {
                    sleepQuietly(); // the server is down; the next round tries again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
