package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.micrometer.CqrsMetrics;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class CqrsOutboxAutoConfigurationTest {

    /** An instance that only writes the outbox: no relay, no subscriptions, no schema install; no database reachable. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsOutboxAutoConfiguration.class,
                    CqrsMetricsAutoConfiguration.class, CqrsActuatorAutoConfiguration.class))
            .withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(ThingsApplication.class);

    @Test
    void startsAnInstanceThatOnlyWritesTheOutboxWithoutMakingItsJdbi() {
        context.run(app -> {
            assertThat(app).hasNotFailed().hasSingleBean(HandleSource.class).hasSingleBean(Outbox.class)
                    .hasSingleBean(CqrsOutboxHealthIndicator.class).hasSingleBean(CqrsMetrics.class);
            assertThat(app.getBeanFactory().containsSingleton("jdbi")).as("jdbi made at startup").isFalse();
            assertThat(app.getBeanFactory().containsSingleton("outboxOperations"))
                    .as("outboxOperations made at startup").isFalse();
        });
    }

    @Test
    void buildsTheOperationsEndpointOnlyWhereItIsExposed() {
        context.run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(CqrsOutboxEndpoint.class));
        context.withPropertyValues("management.endpoints.web.exposure.include=health,cqrsoutbox")
                .run(app -> assertThat(app).hasSingleBean(CqrsOutboxEndpoint.class));
        // NONE: this runner's environment lacks the relaxed conversion an application's has ("none" works there)
        context.withPropertyValues("management.endpoints.web.exposure.include=cqrsoutbox",
                        "management.endpoint.cqrsoutbox.access=NONE")
                .run(app -> assertThat(app).doesNotHaveBean(CqrsOutboxEndpoint.class));
    }

    @Test
    void failsTheFirstCallThatNeedsTheDatabaseWhenItCannotBeReached() {
        context.run(app -> {
            assertThatThrownBy(() -> app.getBean(OutboxStatistics.class).counts())
                    .hasRootCauseInstanceOf(java.net.ConnectException.class)
                    .hasCauseInstanceOf(SQLException.class);

            assertThat(app.getBeanFactory().containsSingleton("jdbi")).isTrue();
        });
    }
}
