package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.outbox.schema.SchemaInstaller;
import dev.cqrskit.core.spi.TransactionBoundary;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The outbox on the application's {@link DataSource}: a {@link Jdbi} that joins Spring transactions,
 * {@link SpringTransactions} as the {@link HandleSource} and {@link TransactionBoundary}; the {@link EventSerializer}
 * (Jackson 3 on a copy of Boot's {@code JsonMapper} when Jackson 3 is on the classpath, writing the same JSON as
 * {@link EventSerializer#jackson()}, which it falls back to otherwise); once the application declares its
 * {@link EventTypes}, the {@link EventCodec} and {@link Outbox}; the {@link OutboxOperations}; the schema installed at
 * startup with {@code cqrs.schema.install=true}. Each bean backs off when the application declares its
 * own; a user {@code Jdbi} must open connections through Spring's {@code DataSourceUtils} to join its transactions.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@ConditionalOnClass({Outbox.class, Jdbi.class, DataSourceUtils.class, TransactionTemplate.class})
@EnableConfigurationProperties(CqrsSchemaProperties.class)
public class CqrsOutboxAutoConfiguration {

    private static final String JACKSON_3 = "tools.jackson.databind.json.JsonMapper";

    /**
     * A Jdbi over the application's DataSource whose handles use the Spring transaction's connection, if any. Made
     * when first needed: {@code Jdbi.create} loads some 320 classes and touches no connection, so an instance whose
     * subscriptions and schema installer are off (they need it at startup) makes it on its first outbox write or
     * operations call, or on the relay's start thread, and a bad DataSource or a missing table fails that call, as it
     * would have without this.
     *
     * @param dataSource the application's data source
     * @return the Jdbi
     */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(DataSource.class)
    public Jdbi jdbi(DataSource dataSource) {
        return Jdbi.create(new SpringConnectionFactory(dataSource));
    }

    /**
     * The handle source and transaction boundary on Spring's transactions.
     *
     * @param jdbi         the Jdbi, opening connections through Spring; looked up when the first handle opens
     * @param transactions the application's transaction manager
     * @return the handle source
     */
    @Bean
    @ConditionalOnBean(Jdbi.class)
    @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
    @ConditionalOnMissingBean({HandleSource.class, TransactionBoundary.class})
    public SpringTransactions cqrsSpringTransactions(ObjectProvider<Jdbi> jdbi,
                                                     PlatformTransactionManager transactions) {
        return new SpringTransactions(SingletonSupplier.of(jdbi::getObject), new TransactionTemplate(transactions));
    }

    /**
     * Installs the schema before anything uses it: the versions of the {@code SchemaInstaller} bean when there is one
     * (the event store's auto-configuration declares it), the outbox's otherwise.
     *
     * @param jdbi      the database
     * @param installer the versions to install, if not the outbox's
     * @return the installer
     */
    @Bean
    @ConditionalOnBean(Jdbi.class)
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "cqrs.schema", name = "install", havingValue = "true")
    public CqrsSchemaInstaller cqrsSchemaInstaller(Jdbi jdbi, ObjectProvider<SchemaInstaller> installer) {
        return new CqrsSchemaInstaller(jdbi, installer.getIfAvailable(CqrsSchema::installer));
    }

    /**
     * The codec of stored events, when the application names its event types.
     *
     * @param types      the application's event type names
     * @param serializer the serializer
     * @return the codec
     */
    @Bean
    @ConditionalOnBean(EventTypes.class)
    @ConditionalOnMissingBean
    public EventCodec cqrsEventCodec(EventTypes types, EventSerializer serializer) {
        return new EventCodec(types, serializer);
    }

    /**
     * The outbox writer.
     *
     * @param codec the codec
     * @return the outbox
     */
    @Bean
    @ConditionalOnBean(EventCodec.class)
    @ConditionalOnMissingBean
    public Outbox outbox(EventCodec codec) {
        return new Outbox(codec);
    }

    /**
     * Lists, retries and discards parked messages; counts the outbox. Made when first needed, as the Jdbi.
     *
     * @param jdbi the database
     * @return the operations
     */
    @Bean
    @Lazy
    @ConditionalOnBean(Jdbi.class)
    @ConditionalOnMissingBean
    public OutboxOperations outboxOperations(Jdbi jdbi) {
        return new OutboxOperations(jdbi);
    }

    /**
     * Cached counts for health and gauges.
     *
     * @param operations the operations, looked up on the first read
     * @return the statistics
     */
    @Bean
    @ConditionalOnBean(OutboxOperations.class)
    @ConditionalOnMissingBean
    public OutboxStatistics cqrsOutboxStatistics(ObjectProvider<OutboxOperations> operations) {
        return new OutboxStatistics(SingletonSupplier.of(operations::getObject));
    }

    /**
     * Events as JSON with Jackson 3, Spring Boot 4's Jackson, when it is on the classpath: on a copy of Boot's
     * {@code JsonMapper} when there is one, pinned to the JSON that {@link EventSerializer#jackson()} writes, so that
     * no Jackson 2 mapper is built for events at startup.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = JACKSON_3)
    static class Jackson3Serializer {

        @Bean
        @ConditionalOnMissingBean
        EventSerializer cqrsEventSerializer(ObjectProvider<tools.jackson.databind.json.JsonMapper> mapper) {
            tools.jackson.databind.json.JsonMapper boot = mapper.getIfUnique();
            return boot == null ? Jackson3EventSerializer.withDefaultMapper() : Jackson3EventSerializer.from(boot);
        }
    }

    /** Events as JSON with Jackson 2 ({@link EventSerializer#jackson()}) when Jackson 3 is not on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(JACKSON_3)
    static class Jackson2Serializer {

        @Bean
        @ConditionalOnMissingBean
        EventSerializer cqrsEventSerializer() {
            return EventSerializer.jackson();
        }
    }
}
