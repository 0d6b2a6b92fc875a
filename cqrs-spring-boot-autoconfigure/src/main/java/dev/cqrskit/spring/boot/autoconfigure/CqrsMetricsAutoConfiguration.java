package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.middleware.TimingMiddleware;
import dev.cqrskit.core.spi.EventBusListener;
import dev.cqrskit.micrometer.CqrsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * cqrs-kit's meters (docs/metrics.md) on the application's {@link MeterRegistry}, when cqrs-micrometer is on the
 * classpath: dispatch timers through an outermost {@link TimingMiddleware}, event bus subscriber failures, and the
 * outbox gauges (pending, parked, oldest pending age). The relay's meters are registered with the relay, by
 * {@link CqrsOutboxRelayAutoConfiguration}, so an instance that only writes the outbox has none.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CqrsOutboxAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass({CqrsMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class CqrsMetricsAutoConfiguration {

    /**
     * The meters' owner, with the outbox gauges bound when the outbox is configured.
     *
     * @param registry   the registry
     * @param statistics the outbox counts, if the outbox is configured
     * @return the metrics
     */
    @Bean
    @ConditionalOnMissingBean
    public CqrsMetrics cqrsMetrics(MeterRegistry registry, ObjectProvider<OutboxStatistics> statistics) {
        CqrsMetrics metrics = new CqrsMetrics(registry);
        statistics.ifAvailable(outbox -> metrics.bindOutboxCounts(outbox::counts));
        return metrics;
    }

    /**
     * Times every dispatch; outermost, so it measures the whole chain.
     *
     * @param metrics the metrics
     * @return the middleware
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnMissingBean
    public TimingMiddleware cqrsTimingMiddleware(CqrsMetrics metrics) {
        return new TimingMiddleware(metrics.dispatchListener());
    }

    /**
     * Counts subscriber failures of the event bus.
     *
     * @param metrics the metrics
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    public EventBusListener cqrsEventBusListener(CqrsMetrics metrics) {
        return metrics.eventBusListener();
    }
}
