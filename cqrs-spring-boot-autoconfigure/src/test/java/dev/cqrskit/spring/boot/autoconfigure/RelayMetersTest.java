package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.micrometer.CqrsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RelayMetersTest {

    /** A Jdbi that never connects: the relay's workers only fail to connect until the context closes. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsMetricsAutoConfiguration.class,
                    CqrsOutboxRelayAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Jdbi.class, () -> Jdbi.create("jdbc:postgresql://127.0.0.1:1/unused"))
            .withBean(EventPublisher.class, () -> batch -> List.of());

    @Test
    void registersTheRelaysMetersWhereTheRelayRuns() {
        context.run(app -> {
            assertThat(app).hasBean("cqrsRelayMeters").hasSingleBean(OutboxRelayLifecycle.class);
            assertThat(app.getBean(MeterRegistry.class).find(CqrsMetrics.RELAY_CLAIMED).counter()).isNotNull();
        });
    }

    @Test
    void registersNoRelayMetersOnAnInstanceThatOnlyWritesTheOutbox() {
        context.withPropertyValues("cqrs.outbox.relay.enabled=false").run(app -> {
            assertThat(app).hasSingleBean(CqrsMetrics.class).doesNotHaveBean("cqrsRelayMeters");
            assertThat(app.getBean(MeterRegistry.class).find(CqrsMetrics.RELAY_CLAIMED).counter()).isNull();
        });
    }
}
