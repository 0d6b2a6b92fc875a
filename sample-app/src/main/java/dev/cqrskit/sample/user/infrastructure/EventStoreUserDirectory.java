package dev.cqrskit.sample.user.infrastructure;

import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.application.UserDirectory;

import java.time.Duration;
import java.util.Objects;

/**
 * {@link UserDirectory} on the event store: the head of the user's stream, read after the write committed, is the
 * consistency token, and the directory's subscription is awaited past it (on any node's runner). Threadsafe.
 */
public final class EventStoreUserDirectory implements UserDirectory {

    private final EventStore store;
    private final Subscriptions subscriptions;
    private final Duration timeout;

    /**
     * Creates the directory's waiter.
     *
     * @param store         the event store the users' events are appended to
     * @param subscriptions knows the directory's subscription ({@link UserDirectoryProjection#ID})
     * @param timeout       the longest a writer waits
     */
    public EventStoreUserDirectory(EventStore store, Subscriptions subscriptions, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    @Override
    public boolean awaitUser(UserId id) {
        // tag::await[]
        long position = store.lastPosition(JdbiUsers.streamOf(id));
        return position == 0 || subscriptions.awaitPosition(UserDirectoryProjection.ID, position, timeout);
        // end::await[]
    }
}
