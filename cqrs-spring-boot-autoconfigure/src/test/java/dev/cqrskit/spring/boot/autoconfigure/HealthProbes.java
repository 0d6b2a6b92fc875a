package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Polls a health indicator until it matches, for the tests whose subject works on a thread of its own. */
final class HealthProbes {

    private HealthProbes() {
    }

    static Health await(HealthIndicator indicator, Predicate<Health> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Health health = indicator.health(true);
        while (!condition.test(health)) {
            assertThat(System.nanoTime()).as("health never matched; last %s", health).isLessThan(deadline);
            Thread.sleep(100);
            health = indicator.health(true);
        }
        return health;
    }
}
