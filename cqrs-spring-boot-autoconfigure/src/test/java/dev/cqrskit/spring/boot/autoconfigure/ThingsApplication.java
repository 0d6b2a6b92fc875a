package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import dev.cqrskit.test.fake.InMemoryEventPublisher;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The application side that the outbox tests on PostgreSQL share: a transaction manager on the test's
 * {@code DataSource} bean, the test's event type and an in-memory publisher.
 */
@Configuration(proxyBeanMethods = false)
class ThingsApplication {

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    EventTypes eventTypes() {
        return EventTypes.builder().add(ThingRegistered.class, "test.ThingRegistered.v1").build();
    }

    @Bean
    InMemoryEventPublisher publisher() {
        return new InMemoryEventPublisher();
    }
}
