package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

class SpringTransactionsIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsOutboxAutoConfiguration.class))
            .withPropertyValues("cqrs.schema.install=true")
            .withUserConfiguration(Application.class);

    @Test
    void outboxRowsCommitWithTheJdbcTemplateWritesOfTheSameTransactionalMethod() {
        context.run(app -> {
            Things things = app.getBean(Things.class);

            things.register("kettle", false);

            assertThat(things.count("SELECT count(*) FROM things WHERE name = 'kettle'")).isEqualTo(1);
            assertThat(things.count("SELECT count(*) FROM cqrs_outbox WHERE ordering_key = 'kettle'")).isEqualTo(1);
            assertThat(things.afterCommit()).containsExactly("kettle");
        });
    }

    @Test
    void outboxRowsRollBackWithTheJdbcTemplateWritesOfTheSameTransactionalMethod() {
        context.run(app -> {
            Things things = app.getBean(Things.class);

            assertThatThrownBy(() -> things.register("teapot", true)).hasMessage("no teapots");

            assertThat(things.count("SELECT count(*) FROM things WHERE name = 'teapot'")).isZero();
            assertThat(things.count("SELECT count(*) FROM cqrs_outbox WHERE ordering_key = 'teapot'")).isZero();
            assertThat(things.afterCommit()).isEmpty();
        });
    }

    @Test
    void theTransactionBoundaryIsTheHandleSourceAndSeesSpringsTransaction() {
        context.run(app -> {
            assertThat(app).hasSingleBean(SpringTransactions.class);
            assertThat(app.getBean(TransactionBoundary.class)).isSameAs(app.getBean(HandleSource.class));
            TransactionBoundary boundary = app.getBean(TransactionBoundary.class);

            assertThat(boundary.isInTransaction()).isFalse();
            assertThat(boundary.inTransaction(boundary::isInTransaction)).isTrue();
        });
    }

    @Test
    void makesTheJdbiOnTheFirstOutboxWriteWhenNothingNeedsItAtStartup() {
        CqrsSchema.install(POSTGRES.dataSource());
        context.withPropertyValues("cqrs.schema.install=false").run(app -> {
            assertThat(app.getBeanFactory().containsSingleton("jdbi")).as("jdbi made at startup").isFalse();
            Things things = app.getBean(Things.class);

            things.register("mug", false);

            assertThat(things.count("SELECT count(*) FROM cqrs_outbox WHERE ordering_key = 'mug'")).isEqualTo(1);
            assertThat(app.getBeanFactory().containsSingleton("jdbi")).isTrue();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Application {
        @Bean
        DataSource dataSource() {
            return POSTGRES.dataSource();
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("CREATE TABLE IF NOT EXISTS things (name text PRIMARY KEY)");
            return jdbc;
        }

        @Bean
        EventTypes eventTypes() {
            return EventTypes.builder().add(ThingRegistered.class, "test.ThingRegistered.v1").build();
        }

        @Bean
        Things things(JdbcTemplate jdbc, HandleSource handles, Outbox outbox) {
            return new Things(jdbc, handles, outbox);
        }
    }

    /** A service whose one transaction writes with JdbcTemplate and appends to the outbox through Jdbi. */
    static class Things {
        private final List<String> afterCommit = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;
        private final HandleSource handles;
        private final Outbox outbox;
        private final MetadataFactory metadata = MetadataFactory.systemDefault();

        Things(JdbcTemplate jdbc, HandleSource handles, Outbox outbox) {
            this.jdbc = jdbc;
            this.handles = handles;
            this.outbox = outbox;
        }

        @Transactional
        public void register(String name, boolean fail) {
            jdbc.update("INSERT INTO things (name) VALUES (?)", name);
            List<EventMessage<ThingRegistered>> events = metadata.stamp(List.of(new ThingRegistered(name)));
            handles.withHandle(handle -> {
                outbox.append(handle, name, events);
                return null;
            });
            handles.afterCommit(() -> afterCommit.add(name));
            if (fail) {
                throw new IllegalStateException("no teapots");
            }
        }

        // A method, not the field: callers hold the transactional proxy, whose own fields are unset.
        public List<String> afterCommit() {
            return afterCommit;
        }

        public long count(String sql) {
            return jdbc.queryForObject(sql, Long.class);
        }
    }
}
