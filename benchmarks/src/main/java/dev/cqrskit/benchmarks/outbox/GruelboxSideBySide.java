package dev.cqrskit.benchmarks.outbox;

import com.gruelbox.transactionoutbox.Dialect;
import com.gruelbox.transactionoutbox.Instantiator;
import com.gruelbox.transactionoutbox.Persistor;
import com.gruelbox.transactionoutbox.Submitter;
import com.gruelbox.transactionoutbox.ThreadLocalContextTransactionManager;
import com.gruelbox.transactionoutbox.TransactionManager;
import com.gruelbox.transactionoutbox.TransactionOutbox;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * gruelbox transaction-outbox 4.2 on the same server and settings as {@link OutboxThroughput}'s "produce" scenario:
 * producers commit one business row plus one scheduled call per transaction; two executor threads run the calls
 * (gruelbox's design: one transaction per message). Run through {@code OutboxThroughput gruelbox}.
 */
final class GruelboxSideBySide {

    /** The scheduled call's target: counts invocations, like the no-op publisher of our relay. */
    public static class Sink {
        static final LongAdder CALLS = new LongAdder();

        public void publish(String key, long seq) {
            CALLS.increment();
        }
    }

    private GruelboxSideBySide() {
    }

    static void run(String jdbcUrl, int producers, Duration duration) throws InterruptedException {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        pool.setMaximumPoolSize(producers + 4);
        pool.setAutoCommit(false);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            ThreadLocalContextTransactionManager transactions = TransactionManager.fromDataSource(dataSource);
            Sink sink = new Sink();
            TransactionOutbox outbox = TransactionOutbox.builder()
                    .transactionManager(transactions)
                    .persistor(Persistor.forDialect(Dialect.POSTGRESQL_9))
                    .instantiator(Instantiator.using(type -> sink))
                    .submitter(Submitter.withExecutor(executor))
                    .flushBatchSize(500)
                    .build();
            AtomicLong seq = new AtomicLong();
            LongAdder committed = new LongAdder();
            long callsBefore = Sink.CALLS.sum();
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                threads.add(new Thread(() -> {
                    while (System.nanoTime() < end) {
                        transactions.inTransaction(tx -> {
                            try (PreparedStatement insert = tx.connection().prepareStatement(
                                    "INSERT INTO bench_orders VALUES (?, 'sku', 1)")) {
                                insert.setObject(1, UUID.randomUUID());
                                insert.executeUpdate();
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                            long n = seq.incrementAndGet();
                            outbox.schedule(Sink.class).publish("order-" + (n % 1_000), n);
                        });
                        committed.increment();
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long published = Sink.CALLS.sum() - callsBefore;
            System.out.printf("gruelbox 4.2.268 produce+publish: %d producers (1 business row + 1 scheduled call per"
                            + " tx, synchronous_commit on), 2 executor threads: produced %,.0f events/s, published"
                            + " %,.0f events/s during the run, %,d left behind%n", producers, committed.sum() / seconds,
                    published / seconds, committed.sum() - published);
            // Let the executor work off the backlog before the pool closes (bounded), and time it.
            long drainStart = System.nanoTime();
            long drainEnd = drainStart + TimeUnit.SECONDS.toNanos(120);
            while (Sink.CALLS.sum() - callsBefore < committed.sum() && System.nanoTime() < drainEnd) {
                Thread.sleep(20);
            }
            long left = committed.sum() - (Sink.CALLS.sum() - callsBefore);
            System.out.printf("gruelbox backlog: %,d calls worked off in %.1f s after the producers stopped; %,d left%n",
                    committed.sum() - published - left, (System.nanoTime() - drainStart) / 1e9, left);
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
    }
}
