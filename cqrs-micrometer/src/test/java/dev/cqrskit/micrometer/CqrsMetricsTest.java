package dev.cqrskit.micrometer;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.OutboxCounts;
import dev.cqrskit.outbox.relay.RelayListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqrsMetricsTest {

    record RegisterUser(String email) implements Command<UUID> {
    }

    record UserRegistered(String email) implements DomainEvent {
    }

    static final class EmailTakenException extends RuntimeException {
        EmailTakenException() {
            super("taken");
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CqrsMetrics metrics = new CqrsMetrics(registry);

    @Nested
    class Dispatch {

        @Test
        void recordsSuccessTaggedWithTypeOutcomeAndNoException() {
            metrics.dispatchListener().onDispatch(RegisterUser.class, 5_000_000, null);

            Timer timer = registry.get("cqrs.dispatch")
                    .tags("type", "RegisterUser", "outcome", "success", "exception", "none").timer();
            assertThat(timer.count()).isEqualTo(1);
            assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
        }

        @Test
        void recordsFailureTaggedWithExceptionSimpleName() {
            metrics.dispatchListener().onDispatch(RegisterUser.class, 1_000, new EmailTakenException());
            metrics.dispatchListener().onDispatch(RegisterUser.class, 1_000, new EmailTakenException());
            metrics.dispatchListener().onDispatch(RegisterUser.class, 1_000, new IllegalStateException());

            assertThat(registry.get("cqrs.dispatch")
                    .tags("type", "RegisterUser", "outcome", "failure", "exception", "EmailTakenException")
                    .timer().count()).isEqualTo(2);
            assertThat(registry.get("cqrs.dispatch")
                    .tags("outcome", "failure", "exception", "IllegalStateException").timer().count()).isEqualTo(1);
        }

        @Test
        void registersOneTimerPerTagCombinationAndReusesIt() {
            for (int i = 0; i < 100; i++) {
                metrics.dispatchListener().onDispatch(RegisterUser.class, 1_000, null);
            }

            assertThat(registry.find("cqrs.dispatch").timers()).hasSize(1);
            assertThat(registry.get("cqrs.dispatch").timer().count()).isEqualTo(100);
        }

        @Test
        void namesAnAnonymousTypeByTheLastSegmentOfItsName() {
            Command<Void> anonymous = new Command<>() {
            };

            metrics.dispatchListener().onDispatch(anonymous.getClass(), 1_000, null);

            assertThat(registry.get("cqrs.dispatch").timer().getId().getTag("type"))
                    .isEqualTo("CqrsMetricsTest$Dispatch$1");
        }
    }

    @Nested
    class Retries {

        @Test
        void countsEachRetryByCommandType() {
            metrics.retryListener().onRetry(new RegisterUser("a@example.com"), 1, new IllegalStateException(),
                    Duration.ofMillis(10));
            metrics.retryListener().onRetry(new RegisterUser("a@example.com"), 2, new IllegalStateException(),
                    Duration.ofMillis(20));

            assertThat(registry.get("cqrs.retry.attempts").tag("type", "RegisterUser").counter().count())
                    .isEqualTo(2.0);
            assertThat(registry.find("cqrs.retry.exhausted").counter()).isNull();
        }

        @Test
        void countsEachGiveUpByCommandType() {
            metrics.retryListener().onGiveUp(new RegisterUser("a@example.com"), 3, new IllegalStateException());

            assertThat(registry.get("cqrs.retry.exhausted").tag("type", "RegisterUser").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Nested
    class SubscriberFailures {

        @Test
        void countsSubscriberFailuresByEventAndExceptionButNotBySubscriber() {
            EventMessage<UserRegistered> message = new EventMessage<>(new UserRegistered("a@example.com"),
                    Metadata.root(UUID.randomUUID(), Instant.EPOCH));

            metrics.eventBusListener().onSubscriberFailed(message, "mailer for UserRegistered",
                    new IllegalStateException());
            metrics.eventBusListener().onSubscriberFailed(message, "lambda$42 for UserRegistered",
                    new IllegalStateException());

            Counter counter = registry.get("cqrs.eventbus.subscriber.failures")
                    .tags("event", "UserRegistered", "exception", "IllegalStateException").counter();
            assertThat(counter.count()).isEqualTo(2.0);
            assertThat(counter.getId().getTags()).hasSize(2);
        }
    }

    @Nested
    class Relay {

        private final SerializedEvent event = new SerializedEvent("user.UserRegistered.v1", "User:1", "{}",
                Metadata.root(UUID.randomUUID(), Instant.EPOCH));

        @Test
        void countsClaimedAndPublishedByRowsAndEvents() {
            RelayListener relay = metrics.relayListener();

            relay.onClaimed(10);
            relay.onClaimed(5);
            relay.onPublished(12);

            assertThat(count("cqrs.outbox.relay.claimed")).isEqualTo(15.0);
            assertThat(count("cqrs.outbox.relay.published")).isEqualTo(12.0);
        }

        @Test
        void countsFailedParkedSystemicFailuresAndReconnects() {
            RelayListener relay = metrics.relayListener();

            relay.onFailed(event, 1, "throttled");
            relay.onFailed(event, 2, "throttled");
            relay.onParked(event, "rejected");
            relay.onSystemicFailure("access denied", Duration.ofSeconds(30));
            relay.onReconnect(new IllegalStateException("connection lost"), Duration.ofSeconds(1));

            assertThat(count("cqrs.outbox.relay.failed")).isEqualTo(2.0);
            assertThat(count("cqrs.outbox.relay.parked")).isEqualTo(1.0);
            assertThat(count("cqrs.outbox.relay.systemic.failures")).isEqualTo(1.0);
            assertThat(count("cqrs.outbox.relay.reconnects")).isEqualTo(1.0);
        }

        @Test
        void timesPublishCallsByOutcome() {
            RelayListener relay = metrics.relayListener();

            relay.onPublishCall(10, 2_000_000, null);
            relay.onPublishCall(10, 3_000_000, new IllegalStateException("deadline"));

            Timer success = registry.get("cqrs.outbox.publish.call").tag("outcome", "success").timer();
            Timer failure = registry.get("cqrs.outbox.publish.call").tag("outcome", "failure").timer();
            assertThat(success.count()).isEqualTo(1);
            assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2.0);
            assertThat(failure.count()).isEqualTo(1);
        }

        @Test
        void registersItsMetersOnceAndStartsAtZero() {
            assertThat(metrics.relayListener()).isSameAs(metrics.relayListener());

            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .filteredOn(name -> name.startsWith("cqrs.outbox"))
                    .containsExactlyInAnyOrder("cqrs.outbox.relay.claimed", "cqrs.outbox.relay.published",
                            "cqrs.outbox.relay.failed", "cqrs.outbox.relay.parked",
                            "cqrs.outbox.relay.systemic.failures", "cqrs.outbox.relay.reconnects",
                            "cqrs.outbox.publish.call", "cqrs.outbox.publish.call");
            assertThat(count("cqrs.outbox.relay.claimed")).isZero();
        }

        private double count(String name) {
            return registry.get(name).counter().count();
        }
    }

    @Nested
    class OutboxCountGauges {

        @Test
        void readsTheSupplierWhenScraped() {
            AtomicReference<OutboxCounts> counts = new AtomicReference<>(new OutboxCounts(0, 0, 0, Duration.ZERO));
            metrics.bindOutboxCounts(counts::get);

            counts.set(new OutboxCounts(42, 3, 0, Duration.ofSeconds(90)));

            assertThat(registry.get("cqrs.outbox.pending").gauge().value()).isEqualTo(42.0);
            assertThat(registry.get("cqrs.outbox.parked").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("cqrs.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS))
                    .isEqualTo(90.0);
        }

        @Test
        void reportsTheAgeInSecondsAsTheBaseUnit() {
            metrics.bindOutboxCounts(() -> new OutboxCounts(1, 0, 0, Duration.ofMillis(1500)));

            Meter age = registry.get("cqrs.outbox.oldest.pending.age").meter();
            assertThat(age.getId().getBaseUnit()).isEqualTo("seconds");
            assertThat(age.measure().iterator().next().getValue()).isEqualTo(1.5);
        }

        @Test
        void callsTheSupplierOnlyWhenScraped() {
            AtomicInteger calls = new AtomicInteger();
            metrics.bindOutboxCounts(() -> {
                calls.incrementAndGet();
                return new OutboxCounts(1, 0, 0, Duration.ZERO);
            });
            assertThat(calls).hasValue(0);

            registry.get("cqrs.outbox.pending").gauge().value();

            assertThat(calls).hasValue(1);
        }

        @Test
        void readsNotANumberWhenTheSupplierFails() {
            metrics.bindOutboxCounts(() -> {
                throw new IllegalStateException("database down");
            });

            assertThat(registry.get("cqrs.outbox.pending").gauge().value()).isNaN();
            assertThat(registry.get("cqrs.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isNaN();
        }

        @Test
        void rejectsASecondSupplier() {
            metrics.bindOutboxCounts(() -> new OutboxCounts(1, 0, 0, Duration.ZERO));

            assertThatThrownBy(() -> metrics.bindOutboxCounts(() -> new OutboxCounts(2, 0, 0, Duration.ZERO)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Outbox counts are already bound to this CqrsMetrics; the gauges would keep reading"
                            + " the first supplier. Call bindOutboxCounts once per registry.");
        }
    }

    @Nested
    class SubscriptionLagGauge {

        @Test
        void readsTheSupplierWhenScrapedTaggedWithTheSubscription() {
            AtomicReference<OptionalLong> lag = new AtomicReference<>(OptionalLong.of(0));
            metrics.bindSubscriptionLag("UserDirectory", lag::get);

            lag.set(OptionalLong.of(17));

            assertThat(registry.get("cqrs.eventstore.subscription.lag").tag("subscription", "UserDirectory").gauge()
                    .value()).isEqualTo(17.0);
        }

        @Test
        void readsNotANumberBeforeTheSubscriptionRanOrWhenTheSupplierFails() {
            metrics.bindSubscriptionLag("Never", OptionalLong::empty);
            metrics.bindSubscriptionLag("Broken", () -> {
                throw new IllegalStateException("database down");
            });

            assertThat(registry.get("cqrs.eventstore.subscription.lag").tag("subscription", "Never").gauge().value())
                    .isNaN();
            assertThat(registry.get("cqrs.eventstore.subscription.lag").tag("subscription", "Broken").gauge().value())
                    .isNaN();
        }

        @Test
        void rejectsASecondSupplierForOneSubscription() {
            metrics.bindSubscriptionLag("UserDirectory", () -> OptionalLong.of(1));

            assertThatThrownBy(() -> metrics.bindSubscriptionLag("UserDirectory", () -> OptionalLong.of(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The lag of subscription 'UserDirectory' is already bound to this CqrsMetrics; the"
                            + " gauge would keep reading the first supplier. Call bindSubscriptionLag once per"
                            + " subscription and registry.");
        }
    }

    @Nested
    class Misuse {

        @Test
        void rejectsANullRegistry() {
            assertThatThrownBy(() -> new CqrsMetrics(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("registry must not be null");
        }

        @Test
        void rejectsANullSupplier() {
            assertThatThrownBy(() -> metrics.bindOutboxCounts(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("counts must not be null");
        }

        @Test
        void registersNothingUntilUsed() {
            new CqrsMetrics(registry);

            assertThat(registry.getMeters()).isEmpty();
        }
    }
}
