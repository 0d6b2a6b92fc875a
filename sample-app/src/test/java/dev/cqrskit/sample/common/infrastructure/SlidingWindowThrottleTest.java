package dev.cqrskit.sample.common.infrastructure;

import dev.cqrskit.test.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowThrottleTest {

    private final TestClock clock = TestClock.at("2026-11-22T10:00:00Z");
    private final SlidingWindowThrottle throttle = new SlidingWindowThrottle(3, Duration.ofMinutes(15), clock);

    @Test
    void refusesTheTryAfterTheLimitAndSaysHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAcquire("ada")).isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(throttle.tryAcquire("ada")).contains(Duration.ofMinutes(12));
        assertThat(throttle.tryAcquire("bob")).isEmpty();
    }

    @Test
    void aTryCountsAgainOnlyAfterTheWindow() {
        for (int i = 0; i < 3; i++) {
            throttle.tryAcquire("ada");
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(throttle.tryAcquire("ada")).isEmpty();
    }

    @Test
    void releasedAndResetTriesDoNotCount() {
        throttle.tryAcquire("ada");
        throttle.tryAcquire("ada");
        throttle.tryAcquire("ada");
        throttle.release("ada");
        assertThat(throttle.tryAcquire("ada")).isEmpty();
        throttle.reset("ada");

        assertThat(List.of(throttle.tryAcquire("ada"), throttle.tryAcquire("ada"), throttle.tryAcquire("ada")))
                .allMatch(Optional::isEmpty);
    }

    @Test
    void concurrentTriesNeverOvershootTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Duration>>> tries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tries.add(pool.submit(() -> {
                start.await();
                return throttle.tryAcquire("ada");
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Optional<Duration>> attempt : tries) {
            allowed += attempt.get().isEmpty() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void rejectsANonsensicalLimit() {
        assertThatThrownBy(() -> new SlidingWindowThrottle(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("throttle max must be at least 1, but was 0");
    }
}
