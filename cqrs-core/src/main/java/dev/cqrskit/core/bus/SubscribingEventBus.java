package dev.cqrskit.core.bus;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.internal.ContextStack;
import dev.cqrskit.core.spi.EventBusListener;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/** The {@link EventBus} the builder makes. */
final class SubscribingEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final Subscription[] NONE = new Subscription[0];

    private final List<Subscription> subscriptions;
    private final SubscriberFailurePolicy failurePolicy;
    private final MetadataFactory metadataFactory;
    private final EventBusListener listener;
    private final ClassValue<Subscription[]> byEventType = new ClassValue<>() {
        @Override
        protected Subscription[] computeValue(Class<?> eventType) {
            Subscription[] matching = subscriptions.stream()
                    .filter(s -> s.type.isAssignableFrom(eventType))
                    .toArray(Subscription[]::new);
            return matching.length == 0 ? NONE : matching;
        }
    };

    SubscribingEventBus(EventBus.Builder builder) {
        this.subscriptions = List.copyOf(builder.subscriptions);
        this.failurePolicy = builder.failurePolicy;
        this.metadataFactory = builder.metadataFactory;
        this.listener = builder.listener;
    }

    @Override
    public void publish(DomainEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        publish(new EventMessage<>(event, metadataFactory.next()));
    }

    @Override
    public void publish(EventMessage<?> message) {
        Objects.requireNonNull(message, "message must not be null");
        DomainEvent event = message.event();
        Subscription[] targets = byEventType.get(event.getClass());
        if (targets.length == 0) {
            return;
        }
        RuntimeException first = null;
        int failures = 0;
        ContextStack<Metadata> stack = ContextStack.current();
        stack.push(message.metadata(), null);
        try {
            for (Subscription target : targets) {
                try {
                    target.deliver(event);
                } catch (RuntimeException failure) {
                    failures++;
                    tell(message, target, failure);
                    if (failurePolicy == SubscriberFailurePolicy.LOG_AND_CONTINUE) {
                        LOG.error("Subscriber {} failed on event {} (message id {}); the other subscribers still ran.",
                                target.describe(), event.getClass().getName(), message.metadata().messageId(),
                                failure);
                    } else if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                }
            }
        } finally {
            stack.pop();
        }
        if (first != null) {
            throw new SubscriberFailedException(failures + " of " + targets.length + " subscribers of "
                    + event.getClass().getName() + " (message id " + message.metadata().messageId()
                    + ") failed; the others ran. The first failure is the cause, the rest are suppressed.", first);
        }
    }

    private void tell(EventMessage<?> message, Subscription target, RuntimeException failure) {
        try {
            listener.onSubscriberFailed(message, target.describe(), failure);
        } catch (RuntimeException listenerFailure) {
            LOG.warn("EventBusListener {} failed", listener, listenerFailure);
        }
    }

    /** One registration: a subscriber or a provider of one. */
    static final class Subscription {
        final Class<?> type;
        private final EventSubscriber<?> subscriber;
        private final Provider<? extends EventSubscriber<?>> provider;

        Subscription(Class<?> type, EventSubscriber<?> subscriber, Provider<? extends EventSubscriber<?>> provider) {
            this.type = type;
            this.subscriber = subscriber;
            this.provider = provider;
        }

        @SuppressWarnings("unchecked")
        void deliver(DomainEvent event) {
            EventSubscriber<?> target = subscriber != null ? subscriber : provider.get();
            ((EventSubscriber<DomainEvent>) target).on(event);
        }

        String describe() {
            return (subscriber != null ? subscriber : provider) + " of " + type.getSimpleName();
        }
    }
}
