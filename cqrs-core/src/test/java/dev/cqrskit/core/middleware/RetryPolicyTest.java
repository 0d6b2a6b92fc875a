package dev.cqrskit.core.middleware;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void defaultsAreThreeAttemptsWithDoublingBackoffCapped() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(20));
        assertThat(policy.backoffBefore(10)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.retry.max-attempts must be between 1 and 1000, but was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build())
                .hasMessage("cqrs.retry.initial-backoff must not be negative, but was PT-0.001S");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(1)).build())
                .hasMessage("cqrs.retry.max-backoff must not be less than cqrs.retry.initial-backoff (PT1S), but was PT0.2S");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
                .hasMessage("cqrs.retry.multiplier must be between 1.0 and 1000.0, but was 0.5");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
                .hasMessage("cqrs.retry.jitter must be between 0.0 and 1.0, but was 1.5");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN).build())
                .hasMessage("cqrs.retry.jitter must be between 0.0 and 1.0, but was NaN");
    }
}
