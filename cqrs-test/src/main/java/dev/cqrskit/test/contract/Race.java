package dev.cqrskit.test.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same attempt from several threads released at once: the concurrency checks of the contracts. */
final class Race {

    /** One attempt of one thread. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private Race() {
    }

    /** Runs {@code attempt} {@code attemptsPerThread} times on each of {@code threads} threads; rethrows a failure. */
    static void run(int threads, int attemptsPerThread, Attempt attempt) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        attempt.run();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
