package dev.cqrskit.sample.common.application;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits how often something may be tried per key (an account, a client address) within a window. A try is
 * reserved before the work it guards, atomically, so concurrent tries cannot all slip under the limit.
 * Implementations are threadsafe.
 */
public interface Throttle {

    /**
     * Reserves one try for a key.
     *
     * @param key what is throttled, e.g. {@code "account:ada@example.com"}
     * @return empty if the try may go ahead (it now counts), else how long to wait before the next one may
     */
    Optional<Duration> tryAcquire(String key);

    /**
     * Gives back the newest reservation of a key, for a try that should not count (it succeeded).
     *
     * @param key the key
     */
    void release(String key);

    /**
     * Forgets every try of a key.
     *
     * @param key the key
     */
    void reset(String key);

    /**
     * Reserves one try or refuses it.
     *
     * @param key     the key
     * @param refusal what to tell the client when refused
     * @throws TooManyAttemptsException if the key has no tries left, with how long to wait
     */
    default void acquireOrThrow(String key, String refusal) {
        Optional<Duration> wait = tryAcquire(key);
        if (wait.isPresent()) {
            throw new TooManyAttemptsException(refusal, wait.get());
        }
    }
}
