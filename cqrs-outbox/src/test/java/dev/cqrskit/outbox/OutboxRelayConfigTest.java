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
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10)));
    }

    @Test
    void buildsFromAnotherConfiguration() {
        OutboxRelayConfig config = OutboxRelayConfig.defaults().toBuilder().batchSize(50).listen(false).build();

        assertThat(config.batchSize()).isEqualTo(50);
        assertThat(config.listen()).isFalse();
        assertThat(config.maxAttempts()).isEqualTo(10);
    }

    @Test
    void rejectsABatchSizeOutOfRangeNamingTheProperty() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OutboxRelayConfig.batchSize must be between 1 and 10000, but was 0.");
    }

    @Test
    void rejectsTooManyWorkers() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().concurrency(65).build())
                .hasMessage("OutboxRelayConfig.concurrency must be between 1 and 64, but was 65.");
    }

    @Test
    void rejectsAMaxBackoffBelowTheInitialBackoff() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().initialBackoff(Duration.ofSeconds(5))
                .maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessage("OutboxRelayConfig.maxBackoff must be between PT5S and PT168H, but was PT1S.");
    }

    @Test
    void rejectsAMissingPollInterval() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().pollInterval(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("OutboxRelayConfig.pollInterval must not be null");
    }

    @Test
    void rejectsZeroAttempts() {
        assertThatThrownBy(() -> OutboxRelayConfig.builder().maxAttempts(0).build())
                .hasMessage("OutboxRelayConfig.maxAttempts must be between 1 and 1000, but was 0.");
    }
}
