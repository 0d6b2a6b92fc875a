package dev.cqrskit.sample.auth.application;

import java.time.Duration;

/**
 * How verification codes behave.
 *
 * @param ttl         how long a code works
 * @param maxAttempts how many wrong tries a code allows
 */
public record VerificationPolicy(Duration ttl, int maxAttempts) {

    /** Validates the settings. */
    public VerificationPolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("verification.ttl must be positive, but was " + ttl);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("verification.maxAttempts must be at least 1, but was " + maxAttempts);
        }
    }

    /** @return 15 minutes, 5 attempts */
    public static VerificationPolicy defaults() {
        return new VerificationPolicy(Duration.ofMinutes(15), 5);
    }
}
