package dev.cqrskit.outbox;

import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxRelayConfigTest {

    @Test
    void hasDocumentedDefaults() {
        OutboxRelayConfig config = OutboxRelayConfig.defaults();

        assertThat(config).isEqualTo(new OutboxRelayConfig(500, 1, Duration.ofSeconds(1), true, 10,
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(2)));
    }

    @Test
    void buildsFromAnotherConfiguration() {
        OutboxRelayConfig config = OutboxRelayConfig.defaults().toBuilder().batchSize(50).listen(false)
                .publishDeadline(Duration.ofSeconds(5)).build();

        assertThat(config.batchSize()).isEqualTo(50);
        assertThat(config.listen()).isFalse();
        assertThat(config.maxAttempts()).isEqualTo(10);
        assertThat(config.publishDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void rejectsABatchSizeOutOfRangeNamingThePropertyPath() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.outbox.relay.batch-size must be between 1 and 10000, but was 0");
    }

    @Test
    void rejectsTooManyWorkers() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().concurrency(65).build())
                .hasMessage("cqrs.outbox.relay.concurrency must be between 1 and 64, but was 65");
    }

    @Test
    void rejectsAMaxBackoffBelowTheInitialBackoff() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().initialBackoff(Duration.ofSeconds(5))
                .maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessage("cqrs.outbox.relay.max-backoff must not be less than cqrs.outbox.relay.initial-backoff"
                        + " (PT5S), but was PT1S");
    }

    @Test
    void rejectsAMissingPollInterval() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().pollInterval(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("cqrs.outbox.relay.poll-interval must not be null");
    }

    @Test
    void rejectsZeroAttempts() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().maxAttempts(0).build())
                .hasMessage("cqrs.outbox.relay.max-attempts must be between 1 and 1000, but was 0");
    }

    @Test
    void rejectsAnIdleInTransactionTimeoutNotLongerThanThePublishDeadline() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().publishDeadline(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.outbox.relay.idle-in-transaction-timeout must be longer than"
                        + " cqrs.outbox.relay.publish-deadline (PT2M), but was PT2M");
    }

    @Test
    void rejectsAZeroPublishDeadline() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().publishDeadline(Duration.ZERO).build())
                .hasMessage("cqrs.outbox.relay.publish-deadline must be between PT0.001S and PT1H, but was PT0S");
    }
}
