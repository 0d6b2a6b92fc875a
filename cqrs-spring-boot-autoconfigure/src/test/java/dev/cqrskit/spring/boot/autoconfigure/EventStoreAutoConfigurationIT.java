package dev.cqrskit.spring.boot.autoconfigure;

import static dev.cqrskit.spring.boot.autoconfigure.HealthProbes.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.eventstore.AppendResult;
import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.ExpectedVersion;
import dev.cqrskit.eventstore.Subscription;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import dev.cqrskit.test.fake.InMemoryEventPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EventStoreAutoConfigurationIT {

    /**
     * The read model table; each test's subscription writes its own rows, tagged with its id. The tests share the
     * database, so a subscription also sees the events the tests before it appended.
     */
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension().andThen(dataSource -> Jdbi.create(dataSource)
            .useHandle(handle -> handle.execute("CREATE TABLE things (subscription text, name text)")));

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsOutboxAutoConfiguration.class,
                    CqrsMetricsAutoConfiguration.class, CqrsOutboxRelayAutoConfiguration.class,
                    CqrsEventStoreAutoConfiguration.class, CqrsActuatorAutoConfiguration.class))
            .withPropertyValues("cqrs.schema.install=true", "cqrs.outbox.relay.poll-interval=50ms",
                    "cqrs.eventstore.subscriptions.poll-interval=50ms",
                    "cqrs.eventstore.subscriptions.lock-retry-interval=50ms",
                    "cqrs.eventstore.subscriptions.max-attempts=1")
            .withBean(DataSource.class, POSTGRES::dataSource)
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(ThingsApplication.class);

    @Test
    void anAppendedEventReachesTheReadModelOfASubscriptionBeanAndTheOutbox() {
        context.withUserConfiguration(ThingDirectory.class).run(app -> {
            // when an event is appended through the auto-configured store
            AppendResult appended = app.getBean(EventStore.class).append("Thing:kettle", ExpectedVersion.noStream(),
                    MetadataFactory.systemDefault().stamp(List.of(new ThingRegistered("kettle"))));

            // then the subscription bean's read model has it
            assertThat(app.getBean(SubscriptionsLifecycle.class).isRunning()).isTrue();
            assertThat(app.getBeanNamesForType(SmartLifecycle.class)).as("one phase, started in this order")
                    .containsSubsequence("cqrsOutboxRelay", "cqrsSubscriptionsLifecycle");
            assertThat(app.getBean(Subscriptions.class).awaitPosition("ThingDirectory", appended.position(),
                    Duration.ofSeconds(30))).isTrue();
            List<String> names = Jdbi.create(POSTGRES.dataSource()).withHandle(handle -> handle
                    .createQuery("SELECT name FROM things WHERE subscription = 'ThingDirectory'")
                    .mapTo(String.class).list());
            assertThat(names).contains("kettle");

            // and the store wrote the outbox in the same transaction: the relay published it
            InMemoryEventPublisher publisher = app.getBean(InMemoryEventPublisher.class);
            await(app.getBean(CqrsOutboxHealthIndicator.class), h -> h.getDetails().get("pending").equals(0L));
            assertThat(publisher.published()).extracting(event -> event.key()).contains("Thing:kettle");

            // and health shows the subscription
            Health health = app.getBean(CqrsSubscriptionsHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(subscription(health, "ThingDirectory")).containsEntry("lag", 0L).containsEntry("active", true)
                    .containsKeys("state", "owner", "updatedAt");
            assertThat((Long) subscription(health, "ThingDirectory").get("handledCount")).isPositive();
            assertThat(health.getDetails()).doesNotContainKey("failed");

            // and the lag gauge
            assertThat(app.getBean(MeterRegistry.class).get("cqrs.eventstore.subscription.lag")
                    .tag("subscription", "ThingDirectory").gauge().value()).isZero();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedSubscriptionIsADetailOfAnUpHealth() {
        context.withBean("things", Subscription.class, () -> things("Poisoned")).run(app -> {
            // given a subscription whose handler throws on one event
            AppendResult appended = app.getBean(EventStore.class).append("Thing:poison", ExpectedVersion.noStream(),
                    MetadataFactory.systemDefault().stamp(List.of(new ThingRegistered("poison"))));

            // then it is marked failed: a detail naming the event, not DOWN
            Health health = await(app.getBean(CqrsSubscriptionsHealthIndicator.class),
                    h -> h.getDetails().containsKey("failed"));
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("failed", List.of("Poisoned"));
            assertThat(subscription(health, "Poisoned")).containsEntry("state", "FAILED");
            assertThat((Map<String, Object>) subscription(health, "Poisoned").get("failure"))
                    .containsEntry("position", appended.position())
                    .containsEntry("eventType", "test.ThingRegistered.v1");
            assertThat(((Map<String, Object>) subscription(health, "Poisoned").get("failure")).get("error").toString())
                    .contains("no poison here");
        });
    }

    @Test
    void runsNoSubscriptionWhenDisabledAndReportsItNotStarted() {
        context.withBean("things", Subscription.class, () -> things("Idle"))
                .withPropertyValues("cqrs.eventstore.subscriptions.enabled=false")
                .run(app -> {
                    assertThat(app).doesNotHaveBean(SubscriptionsLifecycle.class);
                    assertThat(app.getBean(Subscriptions.class).isRunning("Idle")).isFalse();
                    Health health = app.getBean(CqrsSubscriptionsHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(subscription(health, "Idle")).isEqualTo(Map.of("state", "NOT_STARTED"));
                });
    }

    private static Subscription things(String id) {
        return Subscription.builder(id)
                .on(ThingRegistered.class, (event, metadata, handle) -> {
                    if (event.name().equals("poison")) {
                        throw new IllegalStateException("no poison here");
                    }
                    handle.execute("INSERT INTO things (subscription, name) VALUES (?, ?)", id, event.name());
                })
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subscription(Health health, String id) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("subscriptions")).get(id);
    }

    /** An application's read model, as docs/spring-boot.md shows it. */
    @Configuration(proxyBeanMethods = false)
    static class ThingDirectory {
        // tag::subscription-bean[]
        @Bean
        Subscription thingDirectory() {
            return Subscription.builder("ThingDirectory")
                    .on(ThingRegistered.class, (event, metadata, handle) -> handle.execute(
                            "INSERT INTO things (subscription, name) VALUES ('ThingDirectory', ?)", event.name()))
                    .build();
        }
        // end::subscription-bean[]
    }
}
