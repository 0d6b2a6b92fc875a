package dev.cqrskit.eventbridge.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A target that keeps every event it receives, in arrival order, for assertions; its await methods block until the
 * expected events arrived or a timeout passed.
 *
 * <pre>{@code
 * EventQueue users = new EventQueue();
 * try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
 *         .rule("users", "{\"source\":[\"users\"]}", users)
 *         .start()) {
 *     // ... publish ...
 *     List<EmulatedEvent> arrived = users.await(3, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class EventQueue implements EventTarget {

    private final List<EmulatedEvent> events = new ArrayList<>();

    /** Creates an empty queue. */
    public EventQueue() {
    }

    @Override
    public synchronized void deliver(EmulatedEvent event) {
        events.add(Objects.requireNonNull(event, "event must not be null"));
        notifyAll();
    }

    /**
     * Returns the events received so far.
     *
     * @return a snapshot, in arrival order
     */
    public synchronized List<EmulatedEvent> events() {
        return List.copyOf(events);
    }

    /** @return how many events arrived so far */
    public synchronized int size() {
        return events.size();
    }

    /** Forgets every event received so far. */
    public synchronized void clear() {
        events.clear();
    }

    /**
     * Waits until at least {@code count} events arrived.
     *
     * @param count   how many events to wait for, at least 1
     * @param timeout how long to wait at most
     * @return a snapshot of all events received, at least {@code count} of them
     * @throws AssertionError if fewer arrived within the timeout; the message lists those that did
     */
    public List<EmulatedEvent> await(int count, Duration timeout) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1 but was " + count);
        }
        return awaitMatching(events -> events.size() >= count, timeout,
                () -> "Expected at least " + count + " events within " + timeout);
    }

    /**
     * Waits until an event that matches the predicate arrived.
     *
     * @param condition what the event must satisfy
     * @param timeout   how long to wait at most
     * @return the first matching event
     * @throws AssertionError if none arrived within the timeout; the message lists those that did
     */
    public EmulatedEvent awaitFirst(Predicate<EmulatedEvent> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition must not be null");
        List<EmulatedEvent> arrived = awaitMatching(events -> events.stream().anyMatch(condition), timeout,
                () -> "Expected an event matching the condition within " + timeout);
        return arrived.stream().filter(condition).findFirst().orElseThrow();
    }

    private synchronized List<EmulatedEvent> awaitMatching(Predicate<List<EmulatedEvent>> done, Duration timeout,
                                                           java.util.function.Supplier<String> expectation) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(events)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(expectation.get() + " but " + events.size() + " arrived: " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + expectation.get(), e);
            }
        }
        return List.copyOf(events);
    }
}
