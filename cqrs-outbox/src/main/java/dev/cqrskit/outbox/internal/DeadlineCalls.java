package dev.cqrskit.outbox.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs calls that may never return (a broker call) on threads of their own, and stops waiting for them at a deadline.
 * A call that passes its deadline is interrupted and its result, should it still come, is discarded: the caller has
 * already settled the work as "retry later". {@link #close()} interrupts every call still running; the threads of a
 * closed instance publish nothing more unless the called code ignores interrupts, and even then nothing they return
 * is used. A call after {@link #close()} starts a fresh pool. This class is threadsafe.
 */
public final class DeadlineCalls implements AutoCloseable {

    /**
     * How one call ended.
     *
     * @param value    what it returned, when it returned
     * @param failure  what it threw, or a {@link TimeoutException} when it passed the deadline; {@code null} otherwise
     * @param timedOut whether it passed the deadline
     * @param nanos    how long the caller waited for it
     * @param <T>      the value's type
     */
    public record Result<T>(T value, Throwable failure, boolean timedOut, long nanos) {
    }

    private final String threadName;
    private final int maxThreads;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private ThreadPoolExecutor executor;

    /**
     * Creates the calls' pool, started on first use.
     *
     * @param threadName the prefix of its thread names
     * @param maxThreads the most calls running at once, including calls past their deadline that ignore interrupts
     */
    public DeadlineCalls(String threadName, int maxThreads) {
        this.threadName = threadName;
        this.maxThreads = maxThreads;
    }

    /**
     * Runs calls concurrently and waits for all of them until one shared deadline.
     *
     * @param calls    the calls
     * @param deadline how long to wait, from now
     * @param <T>      their result type
     * @return one result per call, in the order of {@code calls}
     */
    public <T> List<Result<T>> callAll(List<? extends Callable<T>> calls, Duration deadline) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        List<Future<T>> futures = new ArrayList<>(calls.size());
        List<Throwable> rejected = new ArrayList<>(calls.size());
        ThreadPoolExecutor pool = executor();
        for (Callable<T> call : calls) {
            try {
                futures.add(pool.submit(call));
                rejected.add(null);
            } catch (RejectedExecutionException e) {
                futures.add(null);
                rejected.add(new RejectedExecutionException("Already " + maxThreads + " publish calls are running,"
                        + " some of them past their deadline; this call was not started", e));
            }
        }
        List<Result<T>> results = new ArrayList<>(calls.size());
        boolean interrupted = false;
        for (int i = 0; i < futures.size(); i++) {
            Future<T> future = futures.get(i);
            if (future == null) {
                results.add(new Result<>(null, rejected.get(i), false, 0));
                continue;
            }
            try {
                T value = future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                results.add(new Result<>(value, null, false, System.nanoTime() - start));
            } catch (ExecutionException e) {
                results.add(new Result<>(null, e.getCause(), false, System.nanoTime() - start));
            } catch (TimeoutException e) {
                future.cancel(true);
                results.add(new Result<>(null, new TimeoutException("The call passed its deadline of " + deadline
                        + "; it was interrupted and its result is discarded"), true, System.nanoTime() - start));
            } catch (InterruptedException e) {
                interrupted = true;
                future.cancel(true);
                results.add(new Result<>(null, e, false, System.nanoTime() - start));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    /** @return how many calls are running now, past their deadline or not */
    public synchronized int running() {
        return executor == null ? 0 : executor.getActiveCount();
    }

    private synchronized ThreadPoolExecutor executor() {
        if (executor == null || executor.isShutdown()) {
            executor = new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread thread = new Thread(r, threadName + "-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }

    /** Interrupts every call still running and lets the pool's threads end. Idempotent. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Waits until every thread of the pool has ended, for tests and orderly shutdowns.
     *
     * @param timeout how long to wait
     * @return whether they all ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        ThreadPoolExecutor pool;
        synchronized (this) {
            pool = executor;
        }
        return pool == null || pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
