package dev.cqrskit.sample.common.infrastructure;

import dev.cqrskit.sample.common.application.Throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Throttle} in this process's memory: at most {@code max} tries per key in a sliding window. Counting and
 * reserving happen under one lock per key, so concurrent tries cannot overshoot. One node only: several nodes
 * would keep the counters in PostgreSQL or Redis. Keys with no try left in the window are swept as it goes, so
 * hostile clients cannot grow it beyond one window's worth of keys. Threadsafe.
 */
public final class SlidingWindowThrottle implements Throttle {

    private static final int SWEEP_EVERY = 1_000;

    private final ConcurrentHashMap<String, Deque<Instant>> tries = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final int max;
    private final Duration window;
    private final Clock clock;

    /**
     * Creates the throttle.
     *
     * @param max    tries allowed per key in the window, at least 1
     * @param window how long a try counts
     * @param clock  the time
     */
    public SlidingWindowThrottle(int max, Duration window, Clock clock) {
        if (max < 1) {
            throw new IllegalArgumentException("throttle max must be at least 1, but was " + max);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("throttle window must be positive, but was " + window);
        }
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Optional<Duration> tryAcquire(String key) {
        Instant now = clock.instant();
        sweep(now);
        while (true) {
            Deque<Instant> times = tries.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                if (tries.get(key) != times) {
                    continue;   // swept away meanwhile; take the fresh one
                }
                expire(times, now);
                if (times.size() >= max) {
                    Duration wait = Duration.between(now, times.peekFirst().plus(window));
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                }
                times.addLast(now);
                return Optional.empty();
            }
        }
    }

    @Override
    public void release(String key) {
        Deque<Instant> times = tries.get(key);
        if (times != null) {
            synchronized (times) {
                times.pollLast();
            }
        }
    }

    @Override
    public void reset(String key) {
        tries.remove(key);
    }

    private void sweep(Instant now) {
        if (calls.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        tries.forEach((key, times) -> {
            synchronized (times) {
                expire(times, now);
                if (times.isEmpty()) {
                    tries.remove(key, times);
                }
            }
        });
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }
}
