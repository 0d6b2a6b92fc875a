package dev.cqrskit.outbox.internal;

/** Wakes idle relay workers when a notification arrives; a generation counter means no signal is lost. */
final class Wakeup {

    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Waits until a signal newer than {@code seen} arrives or the time is up. */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long remaining = millis;
        while (generation == seen && remaining > 0) {
            wait(remaining);
            remaining = (deadline - System.nanoTime()) / 1_000_000L;
        }
    }
}
