package dev.cqrskit.micrometer;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.bus.SubscriberFailurePolicy;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.middleware.RetryMiddleware;
import dev.cqrskit.core.middleware.RetryPolicy;
import dev.cqrskit.core.middleware.TimingMiddleware;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CqrsMetrics wired into real buses and middleware, as docs/metrics.md shows it. */
class WiringTest {

    record RegisterUser(String email) implements Command<UUID> {
        RegisterUser {
            if (email.isBlank()) {
                throw new IllegalArgumentException("email must not be blank");
            }
        }
    }

    record RenameUser(String name) implements Command<Void> {
    }

    record UserRegistered(String email) implements DomainEvent {
    }

    private static final TransactionBoundary NO_TRANSACTIONS = new TransactionBoundary() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }

        @Override
        public boolean isInTransaction() {
            return false;
        }
    };

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void timesEveryDispatchOfARealCommandBus() {
        // given
        // tag::dispatch[]
        CqrsMetrics metrics = new CqrsMetrics(registry);
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> UUID.randomUUID())
                .middleware(new TimingMiddleware(metrics.dispatchListener()))
                .build();
        // end::dispatch[]

        // when
        commands.dispatch(new RegisterUser("ada@example.com"));
        commands.dispatch(new RegisterUser("grace@example.com"));

        // then
        assertThat(registry.get("cqrs.dispatch")
                .tags("type", "RegisterUser", "outcome", "success", "exception", "none").timer().count())
                .isEqualTo(2);
    }

    @Test
    void recordsAFailedDispatchWithItsExceptionAndRethrowsIt() {
        // given
        CqrsMetrics metrics = new CqrsMetrics(registry);
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    throw new IllegalStateException("email taken");
                })
                .middleware(new TimingMiddleware(metrics.dispatchListener()))
                .build();

        // when
        assertThatThrownBy(() -> commands.dispatch(new RegisterUser("ada@example.com")))
                .hasMessage("email taken");

        // then
        assertThat(registry.get("cqrs.dispatch")
                .tags("type", "RegisterUser", "outcome", "failure", "exception", "IllegalStateException")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void countsRetriesAndGiveUpsOfARealRetryMiddleware() {
        // given
        CqrsMetrics metrics = new CqrsMetrics(registry);
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(1)).build();
        // tag::retry[]
        CommandBus commands = CommandBus.builder()
                .handleVoid(RenameUser.class, command -> {
                    calls.incrementAndGet();
                    throw new ConcurrencyConflictException("User 1 was changed concurrently");
                })
                .middleware(new TimingMiddleware(metrics.dispatchListener()))
                .middleware(new RetryMiddleware(policy, NO_TRANSACTIONS, metrics.retryListener()))
                .build();
        // end::retry[]

        // when
        assertThatThrownBy(() -> commands.dispatch(new RenameUser("Ada")))
                .isInstanceOf(ConcurrencyConflictException.class);

        // then
        assertThat(calls).hasValue(3);
        assertThat(registry.get("cqrs.retry.attempts").tag("type", "RenameUser").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("cqrs.retry.exhausted").tag("type", "RenameUser").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("cqrs.dispatch").tag("exception", "ConcurrencyConflictException").timer().count())
                .isEqualTo(1);
    }

    @Test
    void countsFailedSubscribersOfARealEventBus() {
        // given
        CqrsMetrics metrics = new CqrsMetrics(registry);
        // tag::event-bus[]
        EventBus events = EventBus.builder()
                .subscribe(UserRegistered.class, event -> {
                    throw new IllegalStateException("mail server down");
                })
                .failurePolicy(SubscriberFailurePolicy.LOG_AND_CONTINUE)
                .listener(metrics.eventBusListener())
                .build();
        // end::event-bus[]

        // when
        events.publish(new UserRegistered("ada@example.com"));

        // then
        assertThat(registry.get("cqrs.eventbus.subscriber.failures")
                .tags("event", "UserRegistered", "exception", "IllegalStateException").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void readsOutboxCountsFromACachedSupplier() {
        // given
        CqrsMetrics metrics = new CqrsMetrics(registry);
        Supplier<OutboxCounts> cachedCounts = () -> new OutboxCounts(7, 1, 0, Duration.ofSeconds(3));

        // when
        // tag::outbox[]
        metrics.bindOutboxCounts(cachedCounts);   // cached: never a query per scrape
        // end::outbox[]

        // then
        assertThat(registry.get("cqrs.outbox.pending").gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("cqrs.outbox.parked").gauge().value()).isEqualTo(1.0);
    }
}
