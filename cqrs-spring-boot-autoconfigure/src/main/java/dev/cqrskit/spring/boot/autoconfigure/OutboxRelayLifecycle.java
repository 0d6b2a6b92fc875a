package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.relay.RelayListener;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the outbox relay with the application context: started after every bean is ready, stopped (in-flight batches
 * finished or released within {@code cqrs.outbox.relay.shutdown-timeout}) before any is destroyed, and startable
 * again. The one place this module calls the relay's API.
 *
 * <p>{@link #start()} returns at once: the relay, and the {@link Jdbi} it takes (made on first use: {@code Jdbi.create}
 * loads some 320 classes), are built on a thread of their own, {@code cqrs-outbox-relay-start}, so the application's
 * startup does not wait for them. Nothing is lost by that: events wait in the outbox until the relay claims them.
 * {@link #isRunning()} is {@code true} from {@link #start()} on, while the relay is being built too, so that
 * {@link #stop()} is called; a relay whose building failed is logged at {@code ERROR}, reported by
 * {@link #startFailure()} (and so by {@link CqrsOutboxHealthIndicator} as {@code DOWN}), and not running. {@link #stop()} while the relay is being built abandons it: it never
 * starts. Threadsafe.
 *
 * @since 0.1.0
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayLifecycle.class);

    private final Supplier<Jdbi> jdbi;
    private final EventPublisher publisher;
    private final OutboxRelayConfig config;
    private final RelayListener listener;
    private Thread starting;
    private OutboxRelay relay;
    private Throwable startFailure;

    /**
     * Creates the lifecycle; nothing runs until {@link #start()}. The properties are validated here, so a bad
     * {@code cqrs.outbox.relay.*} value fails the context's startup.
     *
     * @param jdbi       the outbox's database, asked for on the relay's start thread, not null
     * @param publisher  where events go, not null
     * @param properties the relay's settings, not null
     * @param listener   told about publish calls, publishes and systemic failures, not null
     */
    public OutboxRelayLifecycle(Supplier<Jdbi> jdbi, EventPublisher publisher, CqrsOutboxRelayProperties properties,
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

    /** @return why building the relay failed on the last {@link #start()}, if it did */
    public synchronized Optional<Throwable> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    @Override
    public synchronized void start() {
        if (starting == null && relay == null) {
            startFailure = null;
            starting = new Thread(this::build, "cqrs-outbox-relay-start");
            starting.setDaemon(true);
            starting.start();
        }
    }

    private void build() {
        try {
            // A stopped relay could start again; a new one keeps the lifecycle simple and costs nothing.
            OutboxRelay built = new OutboxRelay(jdbi.get(), publisher, config, listener);
            synchronized (this) {
                if (starting == Thread.currentThread()) {
                    relay = built.start();
                    starting = null;
                }
            }
        } catch (RuntimeException | Error failure) {
            synchronized (this) {
                if (starting != Thread.currentThread()) {
                    return; // stopped meanwhile, e.g. the context closing: nothing was expected to start
                }
                startFailure = failure;
                starting = null;
            }
            LOG.error("The outbox relay did not start, so nothing is published from this instance; events wait in "
                    + "the outbox. Restart the application, or stop and start its OutboxRelayLifecycle bean", failure);
        }
    }

    @Override
    public synchronized void stop() {
        starting = null;
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return starting != null || relay != null && relay.isRunning();
    }
}
