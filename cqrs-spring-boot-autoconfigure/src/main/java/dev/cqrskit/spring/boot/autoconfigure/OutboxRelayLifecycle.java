package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the outbox relay with the application context: started after every bean is ready, stopped (in-flight batches
 * finished or released within {@code cqrs.outbox.relay.shutdown-timeout}) before any is destroyed, and startable
 * again. The one place this module calls the relay's API. Threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

    private final Jdbi jdbi;
    private final EventPublisher publisher;
    private final OutboxRelayConfig config;
    private final RelayListener listener;
    private OutboxRelay relay;

    /**
     * Creates the lifecycle; nothing runs until {@link #start()}.
     *
     * @param jdbi       the outbox's database, not null
     * @param publisher  where events go, not null
     * @param properties the relay's settings, not null
     * @param listener   told about publish calls, publishes and systemic failures, not null
     */
    public OutboxRelayLifecycle(Jdbi jdbi, EventPublisher publisher, CqrsOutboxRelayProperties properties,
                                RelayListener listener) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher must not be null");
        this.config = config(Objects.requireNonNull(properties, "properties must not be null"));
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    static OutboxRelayConfig config(CqrsOutboxRelayProperties properties) {
        return OutboxRelayConfig.builder()
                .batchSize(properties.batchSize())
                .concurrency(properties.concurrency())
                .pollInterval(properties.pollInterval())
                .listen(properties.listen())
                .maxAttempts(properties.maxAttempts())
                .initialBackoff(properties.initialBackoff())
                .maxBackoff(properties.maxBackoff())
                .shutdownTimeout(properties.shutdownTimeout())
                .build();
    }

    /** @return the relay's configuration */
    public OutboxRelayConfig config() {
        return config;
    }

    @Override
    public synchronized void start() {
        if (relay == null) {
            // The relay starts once; a restart is a new relay over the same table.
            relay = new OutboxRelay(jdbi, new ListeningPublisher(publisher, listener), config).start();
        }
    }

    @Override
    public synchronized void stop() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return relay != null && relay.isRunning();
    }

    /**
     * Reports publish calls to the listener until the relay takes a {@link RelayListener} itself: per-message outcomes
     * (claimed, failed, parked) are only visible inside the relay.
     */
    private record ListeningPublisher(EventPublisher publisher, RelayListener listener) implements EventPublisher {

        @Override
        public List<PublishOutcome> publish(List<SerializedEvent> batch) {
            long start = System.nanoTime();
            List<PublishOutcome> outcomes;
            try {
                outcomes = publisher.publish(batch);
            } catch (RuntimeException | Error failure) {
                listener.onPublishCall(batch.size(), System.nanoTime() - start, failure);
                throw failure;
            }
            listener.onPublishCall(batch.size(), System.nanoTime() - start, null);
            int published = 0;
            String systemic = null;
            for (PublishOutcome outcome : outcomes) {
                if (outcome instanceof PublishOutcome.Published) {
                    published++;
                } else if (outcome instanceof PublishOutcome.SystemicFailure failure && systemic == null) {
                    systemic = failure.reason();
                }
            }
            if (published > 0) {
                listener.onPublished(published);
            }
            if (systemic != null) {
                listener.onSystemicFailure(systemic, Duration.ZERO);
            }
            return outcomes;
        }
    }
}
