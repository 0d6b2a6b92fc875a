package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.eventstore.EventStoreSchema;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.eventstore.SubscriptionsConfig;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.schema.SchemaInstaller;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CqrsSubscriptionsPropertiesTest {

    /** A Jdbi that never connects: no Subscription bean, so no runner starts. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsEventStoreAutoConfiguration.class))
            .withBean(Jdbi.class, () -> Jdbi.create("jdbc:postgresql://127.0.0.1:1/unused"))
            .withBean(EventCodec.class, () -> new EventCodec(
                    EventTypes.builder().add(ThingRegistered.class, "test.ThingRegistered.v1").build(),
                    EventSerializer.jackson()));

    @Test
    void failsStartupWithAMessageNamingTheProperty() {
        context.withPropertyValues("cqrs.eventstore.subscriptions.batch-size=0").run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cqrs.eventstore.subscriptions.batch-size must be between 1 and 10000, but was 0");
        });
    }

    @Test
    void namesTheRetryBackoffPropertiesInTheirMessages() {
        context.withPropertyValues("cqrs.eventstore.subscriptions.retry-initial-backoff=2s",
                "cqrs.eventstore.subscriptions.retry-max-backoff=1s").run(app ->
                assertThat(app.getStartupFailure()).rootCause()
                        .hasMessage("cqrs.eventstore.subscriptions.retry-max-backoff must not be less than"
                                + " cqrs.eventstore.subscriptions.retry-initial-backoff (PT2S), but was PT1S"));
    }

    @Test
    void bindsEveryPropertyIntoTheSubscriptionsConfiguration() {
        context.withPropertyValues("cqrs.eventstore.subscriptions.batch-size=50",
                        "cqrs.eventstore.subscriptions.poll-interval=250ms",
                        "cqrs.eventstore.subscriptions.lock-retry-interval=2s",
                        "cqrs.eventstore.subscriptions.max-attempts=5",
                        "cqrs.eventstore.subscriptions.retry-initial-backoff=10ms",
                        "cqrs.eventstore.subscriptions.retry-max-backoff=1s",
                        "cqrs.eventstore.subscriptions.lock-timeout=3s",
                        "cqrs.eventstore.subscriptions.node=node-1")
                .run(app -> assertThat(app.getBean(Subscriptions.class).config()).isEqualTo(
                        SubscriptionsConfig.builder().batchSize(50).pollInterval(Duration.ofMillis(250))
                                .lockRetryInterval(Duration.ofSeconds(2)).maxAttempts(5)
                                .retryBackoff(new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1), 2.0, 0.5))
                                .lockTimeout(Duration.ofSeconds(3)).node("node-1").build()));
    }

    @Test
    void defaultsAreTheLibrarysDefaults() {
        context.run(app -> assertThat(app.getBean(Subscriptions.class).config())
                .isEqualTo(SubscriptionsConfig.defaults()));
    }

    @Test
    void installsTheEventStoresSchemaVersionWithTheOutboxs() {
        context.withPropertyValues("cqrs.schema.install=true").run(app ->
                assertThat(app.getBean(SchemaInstaller.class).migrations())
                        .isEqualTo(EventStoreSchema.installer().migrations())
                        .anyMatch(migration -> migration.version() == 5)
                        .anyMatch(migration -> migration.version() == 1));
    }

    @Test
    void backsOffWithoutTheOutboxsCodec() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CqrsEventStoreAutoConfiguration.class))
                .withBean(Jdbi.class, () -> Jdbi.create("jdbc:postgresql://127.0.0.1:1/unused"))
                .run(app -> assertThat(app).doesNotHaveBean(Subscriptions.class)
                        .doesNotHaveBean(SubscriptionsLifecycle.class));
    }
}
