package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.RelayListener;
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
            // A stopped relay could start again; a new one keeps the lifecycle simple and costs nothing.
            relay = new OutboxRelay(jdbi, publisher, config, listener).start();
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
}
