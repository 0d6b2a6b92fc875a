package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.eventstore.Subscriptions;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the event store's subscriptions with the application context: started after every bean is ready and after
 * the outbox relay (same phase, registered later), stopped (each batch in flight committed) before any bean is
 * destroyed, and startable again. The one place this module starts or stops {@link Subscriptions}. Threadsafe.
 *
 * @since 0.1.0
 */
public final class SubscriptionsLifecycle implements SmartLifecycle {

    private final Subscriptions subscriptions;
    private boolean started;

    /**
     * Creates the lifecycle; nothing runs until {@link #start()}.
     *
     * @param subscriptions the subscriptions of this application, not null
     */
    public SubscriptionsLifecycle(Subscriptions subscriptions) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions must not be null");
    }

    @Override
    public synchronized void start() {
        if (!started) {
            subscriptions.start();
            started = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (started) {
            subscriptions.stop();
            started = false;
        }
    }

    /** @return whether the runners were started and not stopped since; each one's state is in the health details */
    @Override
    public synchronized boolean isRunning() {
        return started;
    }
}
