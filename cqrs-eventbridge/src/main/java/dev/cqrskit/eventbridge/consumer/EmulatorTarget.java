package dev.cqrskit.eventbridge.consumer;

import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.eventbridge.EnvelopeFormatException;
import dev.cqrskit.eventbridge.emulator.EmulatedEvent;
import dev.cqrskit.eventbridge.emulator.EventTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EventBridgeConsumer} as a rule target of the local EventBridge emulator: {@link #deliver} queues the
 * event and returns, and one thread of this target hands the queued events to the consumer in the order they came,
 * as EventBridge invokes a target apart from the publisher.
 *
 * <pre>{@code
 * EmulatorTarget welcomeMail = EmulatorTarget.of(new EventBridgeConsumer(inboxConsumer));
 * emulator.addRule("welcome-mail", "{\"detail-type\":[\"user.UserRegistered.v1\"]}", welcomeMail);
 * ...
 * welcomeMail.close();
 * }</pre>
 *
 * <p>Nothing is dropped: when the queue is full, {@code deliver} waits up to {@link #DELIVERY_TIMEOUT} for room
 * (holding the emulator's delivery thread back, like a slow target) and then throws; a delivery the consumer could
 * neither handle nor park (the database is down) is tried again with backoff until it succeeds or the target is
 * closed, as EventBridge retries a failed invocation. Only an event without a cqrs-kit envelope is logged at ERROR
 * and left, as EventBridge would leave it to a dead-letter queue. The worker survives every failure and logs it.
 *
 * <p>Needs {@code cqrs-eventbridge-emulator} on the class path (an optional dependency of this module). This class
 * is threadsafe.
 *
 * @since 0.1.0
 */
public final class EmulatorTarget implements EventTarget, AutoCloseable {

    /** The default number of deliveries queued before {@link #deliver} waits. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** The longest {@link #deliver} waits for room in a full queue. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorTarget.class);
    private static final Backoff REDELIVERY = Backoff.named("cqrs.eventbridge.emulator-target.",
            Duration.ofMillis(50), Duration.ofSeconds(2), 2.0, 0.5);

    private final EventBridgeConsumer consumer;
    private final BlockingQueue<EmulatedEvent> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * Creates the target and starts its thread.
     *
     * @param consumer the consumer the events go to
     * @param capacity deliveries queued before {@link #deliver} waits, 1 to 1,000,000
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public EmulatorTarget(EventBridgeConsumer consumer, int capacity) {
        this.consumer = Objects.requireNonNull(consumer, "consumer must not be null");
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("cqrs.eventbridge.emulator-target.capacity must be between 1 and"
                    + " 1000000, but was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "cqrs-eventbridge-target-" + consumer.name());
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Creates a target with a queue of {@link #DEFAULT_CAPACITY}.
     *
     * @param consumer the consumer the events go to
     * @return the started target
     */
    public static EmulatorTarget of(EventBridgeConsumer consumer) {
        return new EmulatorTarget(consumer, DEFAULT_CAPACITY);
    }

    /**
     * Queues an event for the consumer and returns.
     *
     * @param event the delivered event
     * @throws IllegalStateException if the target is closed, or the queue stayed full for {@link #DELIVERY_TIMEOUT}
     */
    @Override
    public void deliver(EmulatedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (closed) {
            throw new IllegalStateException(this + " is closed; event " + event.id() + " was not queued.");
        }
        pending.incrementAndGet();
        boolean queued = false;
        try {
            queued = queue.offer(event, DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(this + " was interrupted while waiting to queue event " + event.id(), e);
        } finally {
            if (!queued) {
                pending.decrementAndGet();
            }
        }
        if (!queued) {
            throw new IllegalStateException(this + " could not queue event " + event.id() + ": its queue of "
                    + (queue.size() + queue.remainingCapacity()) + " stayed full for " + DELIVERY_TIMEOUT
                    + ". The consumer is slower than the events arrive; raise the capacity.");
        }
    }

    /** @return the events queued or being handled */
    public int pending() {
        return pending.get();
    }

    /**
     * Waits until every queued event was handled.
     *
     * @param timeout the longest wait
     * @return whether nothing is pending any more
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pending.get() == 0;
    }

    /** @return whether the worker thread is alive and the target not closed */
    public boolean isRunning() {
        return !closed && worker.isAlive();
    }

    private void work() {
        while (!closed) {
            EmulatedEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (event != null) {
                try {
                    handle(event);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    private void handle(EmulatedEvent event) {
        for (int attempt = 1; !closed; attempt++) {
            try {
                consumer.handle(event.toJson(), event.traceHeader().orElse(null));
                return;
            } catch (EnvelopeFormatException notOurs) {
                LOG.error("{} cannot consume EventBridge event {} ({} from {}): {}. EventBridge would send it to the"
                        + " target's dead-letter queue.", this, event.id(), event.detailType(), event.source(),
                        notOurs.getMessage());
                return;
            } catch (Throwable failure) {
                Duration pause = REDELIVERY.delay(attempt);
                LOG.warn("{} failed to deliver event {} (attempt {}), delivering it again in {}: {}", this,
                        event.id(), attempt, pause, failure.toString());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    if (closed) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Stops taking events: the event being handled finishes (up to five seconds; then the thread is interrupted),
     * queued events that were not handled are logged; an in-process emulator's events are gone with it anyway.
     */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(5_000);
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.warn("{} closed with {} events not handled", this, queue.size());
        }
    }

    @Override
    public String toString() {
        return "EmulatorTarget[" + consumer.name() + "]";
    }
}
