package dev.cqrskit.sample.auth.infrastructure;

import dev.cqrskit.sample.auth.application.LoginThrottle;
import dev.cqrskit.sample.common.application.Throttle;
import dev.cqrskit.sample.common.infrastructure.SlidingWindowThrottle;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts login tries per account and per client in sliding windows, in this process's memory: enough for one node
 * (several nodes would keep the counters in PostgreSQL or Redis, see docs/sample-app.md). Threadsafe.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private final Throttle accounts;
    private final Throttle clients;

    /**
     * Creates the throttle.
     *
     * @param maxPerAccount failed tries allowed per account in the window
     * @param maxPerClient  failed tries allowed per client in the window
     * @param window        how long a failure counts
     * @param clock         the time
     */
    public InMemoryLoginThrottle(int maxPerAccount, int maxPerClient, Duration window, Clock clock) {
        this.accounts = new SlidingWindowThrottle(maxPerAccount, window, clock);
        this.clients = new SlidingWindowThrottle(maxPerClient, window, clock);
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
    public Optional<Duration> reserve(String account, String client) {
        Optional<Duration> accountWait = accounts.tryAcquire(account);
        if (accountWait.isPresent()) {
            return accountWait;
        }
        Optional<Duration> clientWait = clients.tryAcquire(client);
        if (clientWait.isPresent()) {
            accounts.release(account);
        }
        return clientWait;
    }

    @Override
    public void succeeded(String account, String client) {
        accounts.reset(account);
        clients.release(client);
    }
}
