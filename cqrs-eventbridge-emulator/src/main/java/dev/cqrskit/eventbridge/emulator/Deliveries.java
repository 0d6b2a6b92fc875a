package dev.cqrskit.eventbridge.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Hands matched events to targets. Asynchronously by default: one delivery thread per emulator calls targets in the
 * order events were accepted, after the PutEvents call was answered, as EventBridge delivers after accepting. In
 * synchronous mode the server thread calls the targets before it answers. Injected delivery faults duplicate a
 * delivery or delay it so that later events overtake it; delayed and duplicated deliveries always run on the
 * delivery thread. A target that throws is logged and does not fail the call. Threadsafe.
 */
final class Deliveries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The longest a reordered delivery is held back: long enough for later calls to overtake it. */
    static final int MAX_REORDER_DELAY_MILLIS = 50;

    private final boolean synchronous;
    private final Supplier<Faults> faults;
    private final Supplier<Random> random;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicLong pending = new AtomicLong();

    Deliveries(boolean synchronous, Supplier<Faults> faults, Supplier<Random> random) {
        this.synchronous = synchronous;
        this.faults = faults;
        this.random = random;
        this.thread = new ScheduledThreadPoolExecutor(1, work -> {
            Thread delivery = new Thread(work, "eventbridge-emulator-delivery-" + THREADS.incrementAndGet());
            delivery.setDaemon(true);
            return delivery;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    void deliver(EmulatedEvent event, List<RuleBook.Match> matches) {
        Faults injected = faults.get();
        Random draw = random.get();
        for (RuleBook.Match match : matches) {
            boolean reorder = injected.reorderedDeliveryRate() > 0 && draw.nextDouble() < injected.reorderedDeliveryRate();
            boolean duplicate = injected.duplicatedDeliveryRate() > 0
                    && draw.nextDouble() < injected.duplicatedDeliveryRate();
            if (reorder) {
                later(event, match, 1 + draw.nextInt(MAX_REORDER_DELAY_MILLIS));
            } else if (synchronous) {
                call(event, match);
            } else {
                later(event, match, 0);
            }
            if (duplicate) {
                later(event, match, draw.nextInt(MAX_REORDER_DELAY_MILLIS));
            }
        }
    }

    /** @return deliveries accepted but not made yet */
    long pending() {
        return pending.get();
    }

    private void later(EmulatedEvent event, RuleBook.Match match, long delayMillis) {
        pending.incrementAndGet();
        Runnable delivery = () -> {
            try {
                call(event, match);
            } finally {
                pending.decrementAndGet();
            }
        };
        try {
            if (delayMillis == 0) {
                thread.execute(delivery);
            } else {
                thread.schedule(delivery, delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException closed) {
            pending.decrementAndGet();
            LOG.debug("Emulator closed; event {} not delivered to rule {}", event.id(), match.rule());
        }
    }

    private static void call(EmulatedEvent event, RuleBook.Match match) {
        try {
            match.target().deliver(event);
        } catch (RuntimeException e) {
            LOG.warn("Target of rule {} failed on event {}; EventBridge would retry or drop it, the emulator drops it",
                    match.rule(), event.id(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
