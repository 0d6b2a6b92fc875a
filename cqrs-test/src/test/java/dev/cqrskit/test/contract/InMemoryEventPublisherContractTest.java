package dev.cqrskit.test.contract;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.test.fake.InMemoryEventPublisher;

import java.util.List;
import java.util.UUID;

class InMemoryEventPublisherContractTest extends EventPublisherContract {

    private final InMemoryEventPublisher publisher = new InMemoryEventPublisher();
    private volatile boolean systemic;

    InMemoryEventPublisherContractTest() {
        publisher.failWhen(event -> systemic, InMemoryEventPublisher.Failure.SYSTEMIC);
    }

    @Override
    protected EventPublisher publisher() {
        return publisher;
    }

    @Override
    protected List<UUID> received() {
        return publisher.published().stream().map(SerializedEvent::messageId).toList();
    }

    @Override
    protected void failRetryably(UUID messageId) {
        publisher.failMessage(messageId, InMemoryEventPublisher.Failure.RETRYABLE, 1);
    }

    @Override
    protected void failSystemically(boolean on) {
        systemic = on;
    }
}
