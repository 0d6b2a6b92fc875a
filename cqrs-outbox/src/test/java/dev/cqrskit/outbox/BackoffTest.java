package dev.cqrskit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void doublesTheCeilingWithEachAttemptAndKeepsAtLeastHalfOfIt() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayMillis(1)).isBetween(50L, 100L);
            assertThat(backoff.delayMillis(2)).isBetween(100L, 200L);
            assertThat(backoff.delayMillis(4)).isBetween(400L, 800L);
        }
    }

    @Test
    void neverExceedsTheMaximumEvenAfterManyAttempts() {
        for (int attempts = 1; attempts < 1000; attempts += 37) {
            assertThat(backoff.delayMillis(attempts)).isBetween(50L, 10_000L);
        }
        assertThat(backoff.delayMillis(999)).isGreaterThanOrEqualTo(5_000L);
    }

    @Test
    void spreadsRetriesWithJitter() {
        java.util.Set<Long> delays = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            delays.add(backoff.delayMillis(5));
        }
        assertThat(delays).hasSizeGreaterThan(10);
    }
}
