package dev.cqrskit.core.bus;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Fixtures;
import dev.cqrskit.core.Fixtures.UserRegistered;
import dev.cqrskit.core.Fixtures.WelcomeMailSent;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBusTest {

    @Test
    void deliversToEverySubscriberOfTheTypeAndItsSupertypesInRegistrationOrder() {
        List<String> calls = new ArrayList<>();
        EventBus bus = EventBus.builder()
                .subscribe(DomainEvent.class, event -> calls.add("all:" + event.getClass().getSimpleName()))
                .subscribe(UserRegistered.class, event -> calls.add("first:" + event.email()))
                .subscribe(WelcomeMailSent.class, event -> calls.add("mail"))
                .subscribe(UserRegistered.class, event -> calls.add("second:" + event.email()))
                .build();

        bus.publish(new UserRegistered("a"));

        assertThat(calls).containsExactly("all:UserRegistered", "first:a", "second:a");
    }

    @Test
    void publishingAnEventNobodySubscribedToIsNotAnError() {
        EventBus bus = EventBus.builder().build();

        bus.publish(new UserRegistered("a"));
    }

    @Test
    void subscribersSeeTheEventsMetadata() {
        List<Metadata> seen = new ArrayList<>();
        EventBus bus = EventBus.builder()
                .subscribe(UserRegistered.class, event -> seen.add(MessageContext.require()))
                .build();
        Metadata metadata = Metadata.root(id(3), NOW);

        bus.publish(new EventMessage<>(new UserRegistered("a"), metadata));

        assertThat(seen).containsExactly(metadata);
    }

    @Test
    void publishWithoutMetadataContinuesTheCurrentConversation() {
        List<Metadata> seen = new ArrayList<>();
        EventBus bus = EventBus.builder().metadataFactory(Fixtures.deterministicMetadata())
                .subscribe(UserRegistered.class, event -> seen.add(MessageContext.require()))
                .build();

        MessageContext.runWith(Metadata.root(id(42), NOW), () -> bus.publish(new UserRegistered("a")));

        assertThat(seen.get(0).causationId()).contains(id(42));
        assertThat(seen.get(0).correlationId()).isEqualTo(id(42));
    }

    @Test
    void looksUpLazySubscribersOnEveryDelivery() {
        AtomicInteger lookups = new AtomicInteger();
        EventBus bus = EventBus.builder()
                .subscribeLazily(UserRegistered.class, () -> {
                    lookups.incrementAndGet();
                    return event -> { };
                })
                .build();

        bus.publish(new UserRegistered("a"));
        bus.publish(new UserRegistered("b"));

        assertThat(lookups).hasValue(2);
    }

    @Test
    void aFailingSubscriberDoesNotKeepTheEventFromTheOthersAndTheFailureIsThrownAfterAll() {
        List<String> calls = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first failure");
        IllegalStateException second = new IllegalStateException("second failure");
        EventBus bus = EventBus.builder()
                .subscribe(UserRegistered.class, event -> {
                    throw first;
                })
                .subscribe(UserRegistered.class, event -> calls.add("ran"))
                .subscribe(UserRegistered.class, event -> {
                    throw second;
                })
                .build();
        Metadata metadata = Metadata.root(id(9), NOW);

        assertThatThrownBy(() -> bus.publish(new EventMessage<>(new UserRegistered("a"), metadata)))
                .isInstanceOf(SubscriberFailedException.class)
                .hasMessage("2 of 3 subscribers of dev.cqrskit.core.Fixtures$UserRegistered (message id "
                        + id(9) + ") failed; the others ran. The first failure is the cause, the rest are"
                        + " suppressed.")
                .hasCause(first);
        assertThat(first.getSuppressed()).containsExactly(second);
        assertThat(calls).containsExactly("ran");
        assertThat(MessageContext.current()).isEmpty();
    }

    @Test
    void logAndContinuePolicySwallowsFailuresAfterCallingEverySubscriber() {
        List<String> calls = new ArrayList<>();
        EventBus bus = EventBus.builder()
                .failurePolicy(SubscriberFailurePolicy.LOG_AND_CONTINUE)
                .subscribe(UserRegistered.class, event -> {
                    throw new IllegalStateException("ignored");
                })
                .subscribe(UserRegistered.class, event -> calls.add("ran"))
                .build();

        bus.publish(new UserRegistered("a"));

        assertThat(calls).containsExactly("ran");
    }

    @Test
    void publishAllStopsAtTheFirstFailingEventUnderThrowAfterAll() {
        List<String> calls = new ArrayList<>();
        EventBus bus = EventBus.builder()
                .subscribe(UserRegistered.class, event -> {
                    calls.add(event.email());
                    if (event.email().equals("bad")) {
                        throw new IllegalStateException("bad");
                    }
                })
                .build();
        List<EventMessage<?>> messages = List.of(
                new EventMessage<>(new UserRegistered("ok"), Metadata.root(id(1), NOW)),
                new EventMessage<>(new UserRegistered("bad"), Metadata.root(id(2), NOW)),
                new EventMessage<>(new UserRegistered("never"), Metadata.root(id(3), NOW)));

        assertThatThrownBy(() -> bus.publishAll(messages)).isInstanceOf(SubscriberFailedException.class);
        assertThat(calls).containsExactly("ok", "bad");
    }
}
