package dev.cqrskit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Validation of the value types and builders, without a database. */
class DefinitionsTest {

    @Test
    void rejectsAConfigValueOutOfRangeNamingItsPropertyPath() {
        assertThatThrownBy(() -> SubscriptionsConfig.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cqrs.eventstore.subscriptions.batch-size must be between 1 and 10000, but was 0");
        assertThatThrownBy(() -> SubscriptionsConfig.builder().pollInterval(Duration.ZERO).build())
                .hasMessageStartingWith("cqrs.eventstore.subscriptions.poll-interval must be between");
        assertThat(SubscriptionsConfig.defaults().batchSize()).isEqualTo(500);
    }

    @Test
    void namesExpectedVersionsAndRejectsNegativeOnes() {
        assertThat(ExpectedVersion.any()).hasToString("any");
        assertThat(ExpectedVersion.noStream()).isEqualTo(ExpectedVersion.exactly(0)).hasToString("no stream");
        assertThat(ExpectedVersion.exactly(3)).hasToString("version 3");
        assertThatThrownBy(() -> ExpectedVersion.exactly(-1)).hasMessage("version must be >= 0, but was -1");
    }

    @Test
    void rejectsASecondHandlerForOneTypeAndASubscriptionWithoutHandlers() {
        Subscription.Builder builder = Subscription.builder("Directory").on(Noted.class, (e, m, h) -> { });

        assertThatThrownBy(() -> builder.on(Noted.class, (e, m, h) -> { }))
                .hasMessage("Subscription Directory already has a handler for dev.cqrskit.eventstore.Noted;"
                        + " register one handler per event type.");
        assertThatThrownBy(() -> Subscription.builder("Empty").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Subscription Empty has no handler.");
        assertThatThrownBy(() -> Subscription.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAProjectionHandlerForATypeThatAlreadyHasAHandlerOfEitherKind() {
        Subscription.Builder builder = Subscription.builder("Directory").on(Noted.class, (e, m, h) -> { })
                .project(Counter.Counted.class, (e, m, writes) -> { });

        assertThatThrownBy(() -> builder.project(Noted.class, (e, m, writes) -> { }))
                .hasMessage("Subscription Directory already has a handler for dev.cqrskit.eventstore.Noted;"
                        + " register one handler per event type.");
        assertThatThrownBy(() -> builder.on(Counter.Counted.class, (e, m, h) -> { }))
                .hasMessageContaining("already has a handler for dev.cqrskit.eventstore.Counter$Counted");
    }

    @Test
    void resolvesAHandlerRegisteredForASupertype() {
        Subscription subscription = Subscription.builder("All")
                .on(dev.cqrskit.core.DomainEvent.class, (e, m, h) -> { }).build();

        assertThat(subscription.handlerFor(Noted.class)).isPresent();
        assertThat(subscription.handlerFor(String.class)).isEmpty();
    }

    @Test
    void readsTheTransactionsInProgressOfASnapshotAsAnArrayLiteral() {
        assertThat(SubscriptionBatch.inProgress("10:20:12,15")).isEqualTo("{12,15}");
        assertThat(SubscriptionBatch.inProgress("1:1:")).isEqualTo("{}");
    }

    @Test
    void sanitizesStoredErrorsForPostgres() {
        assertThat(SubscriptionRunner.sanitize("bad\0value \uD800 ok")).isEqualTo("badvalue  ok");
        assertThat(SubscriptionRunner.sanitize("x".repeat(5_000))).hasSize(2_000);
    }
}
