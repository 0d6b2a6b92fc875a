package dev.cqrskit.sample.auth.infrastructure;

import dev.cqrskit.sample.auth.application.LoginThrottle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts login failures per account and per client in a sliding window, in this process's memory: enough for one
 * node (several nodes would keep the counters in PostgreSQL or Redis). Old entries are swept as it goes, so hostile
 * clients cannot grow it without bound beyond one window's worth of keys. Threadsafe.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private static final int SWEEP_EVERY = 1_000;

    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final int maxPerAccount;
    private final int maxPerClient;
    private final Duration window;
    private final Clock clock;

    /**
     * Creates the throttle.
     *
     * @param maxPerAccount failures allowed per account in the window
     * @param maxPerClient  failures allowed per client in the window
     * @param window        how long a failure counts
     * @param clock         the time
     */
    public InMemoryLoginThrottle(int maxPerAccount, int maxPerClient, Duration window, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerClient = maxPerClient;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Returns the defaults: 5 failures per account, 20 per client, in 15 minutes.
     *
     * @param clock the time
     * @return the throttle
     */
    public static InMemoryLoginThrottle defaults(Clock clock) {
        return new InMemoryLoginThrottle(5, 20, Duration.ofMinutes(15), clock);
    }

    @Override
    public boolean isBlocked(String account, String client) {
        Instant now = clock.instant();
        return count("account:" + account, now) >= maxPerAccount || count("client:" + client, now) >= maxPerClient;
    }

    @Override
    public void failed(String account, String client) {
        Instant now = clock.instant();
        add("account:" + account, now);
        add("client:" + client, now);
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            failures.entrySet().removeIf(entry -> count(entry.getKey(), now) == 0);
        }
    }

    @Override
    public void succeeded(String account) {
        failures.remove("account:" + account);
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
        }
    }

    private int count(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant horizon = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.removeFirst();
            }
            return times.size();
        }
    }
}
