package dev.cqrskit.spring.boot.autoconfigure;

import static dev.cqrskit.spring.boot.autoconfigure.HealthProbes.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.jdbi.HandleSource;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import dev.cqrskit.test.fake.InMemoryEventPublisher;
import dev.cqrskit.test.postgres.PostgresExtension;
import dev.cqrskit.outbox.relay.ParkedMessage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class OutboxHealthIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsOutboxAutoConfiguration.class,
                    CqrsOutboxRelayAutoConfiguration.class, CqrsActuatorAutoConfiguration.class))
            .withPropertyValues("cqrs.schema.install=true", "cqrs.outbox.relay.poll-interval=50ms",
                    "management.endpoints.web.exposure.include=health,cqrsoutbox")
            .withBean(DataSource.class, POSTGRES::dataSource)
            .withUserConfiguration(ThingsApplication.class);

    @Test
    void healthIsDownWhilePublishingFailsSystemicallyAndUpAfterwards() {
        context.run(app -> {
            // given a broker that refuses every call
            InMemoryEventPublisher publisher = app.getBean(InMemoryEventPublisher.class);
            publisher.failWhen(event -> true, InMemoryEventPublisher.Failure.SYSTEMIC);
            CqrsOutboxHealthIndicator health = app.getBean(CqrsOutboxHealthIndicator.class);
            assertThat(app.getBean(OutboxRelayLifecycle.class).isRunning()).isTrue();

            // when an event waits in the outbox
            append(app.getBean(HandleSource.class), app.getBean(Outbox.class), "kettle");

            // then
            Health down = await(health, h -> h.getStatus().equals(Status.DOWN));
            assertThat(down.getDetails()).containsKeys("systemicFailure", "pausedSince")
                    .containsEntry("pending", 1L).containsEntry("parked", 0L);

            // and when the broker accepts calls again
            publisher.heal();

            Health up = await(health, h -> h.getStatus().equals(Status.UP) && h.getDetails().get("pending")
                    .equals(0L));
            assertThat(up.getDetails()).doesNotContainKey("systemicFailure");
            assertThat(publisher.published()).hasSize(1);
        });
    }

    @Test
    void healthIsDownWithTheCauseWhenTheRelayFailedToStart() {
        context.withBean(OutboxRelayLifecycle.class, () -> new OutboxRelayLifecycle(() -> {
                    throw new IllegalStateException("No Jdbi for the relay");
                }, batch -> List.of(), new CqrsOutboxRelayProperties(true, 500, 1, java.time.Duration.ofSeconds(1),
                        true, 10, java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(5),
                        java.time.Duration.ZERO), new RelayHealth(java.time.Clock.systemUTC())))
                .run(app -> {
                    Health down = await(app.getBean(CqrsOutboxHealthIndicator.class),
                            h -> h.getStatus().equals(Status.DOWN));

                    assertThat(down.getDetails())
                            .containsEntry("relayStartFailure", "java.lang.IllegalStateException: No Jdbi for the relay")
                            .containsEntry("pending", 0L);
                    assertThat(app.getBean(OutboxRelayLifecycle.class).isRunning()).isFalse();
                });
    }

    @Test
    void stopsAndStartsTheRelayWithTheLifecycle() {
        context.run(app -> {
            OutboxRelayLifecycle relay = app.getBean(OutboxRelayLifecycle.class);

            relay.stop();
            assertThat(relay.isRunning()).isFalse();
            relay.start();

            assertThat(relay.isRunning()).isTrue();
            append(app.getBean(HandleSource.class), app.getBean(Outbox.class), "teapot");
            await(app.getBean(CqrsOutboxHealthIndicator.class), h -> h.getDetails().get("pending").equals(0L));
            assertThat(app.getBean(InMemoryEventPublisher.class).published()).hasSize(1);
        });
    }

    @Test
    void theOperationsEndpointListsRetriesAndDiscardsParkedMessages() {
        context.run(app -> {
            // given two messages the broker refuses for good
            InMemoryEventPublisher publisher = app.getBean(InMemoryEventPublisher.class);
            publisher.failWhen(event -> true, InMemoryEventPublisher.Failure.PERMANENT);
            append(app.getBean(HandleSource.class), app.getBean(Outbox.class), "kettle");
            append(app.getBean(HandleSource.class), app.getBean(Outbox.class), "teapot");
            CqrsOutboxEndpoint endpoint = app.getBean(CqrsOutboxEndpoint.class);
            await(app.getBean(CqrsOutboxHealthIndicator.class), h -> h.getDetails().get("parked").equals(2L));

            // when
            List<ParkedMessage> parked = endpoint.parked();
            publisher.heal();
            Map<String, Object> retried = endpoint.retry(parked.get(0).messageId());
            Map<String, Object> discarded = endpoint.discard(parked.get(1).messageId());

            // then
            assertThat(parked).extracting(ParkedMessage::orderingKey).containsExactlyInAnyOrder("kettle", "teapot");
            assertThat(retried).containsEntry("retried", true);
            assertThat(discarded).containsEntry("discarded", true);
            assertThat(endpoint.discard(parked.get(1).messageId())).containsEntry("discarded", false);
            await(app.getBean(CqrsOutboxHealthIndicator.class), h -> h.getDetails().get("parked").equals(0L)
                    && h.getDetails().get("pending").equals(0L));
            assertThat(publisher.published()).extracting(event -> event.messageId())
                    .containsExactly(parked.get(0).messageId());
        });
    }

    private static void append(HandleSource handles, Outbox outbox, String key) {
        var events = MetadataFactory.systemDefault().stamp(List.of(new ThingRegistered(key)));
        handles.withHandle(handle -> {
            outbox.append(handle, key, events);
            return null;
        });
    }
}
