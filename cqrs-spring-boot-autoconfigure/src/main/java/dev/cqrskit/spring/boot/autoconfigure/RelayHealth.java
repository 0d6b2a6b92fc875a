package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers whether publishing is paused by a systemic failure (the broker unreachable, credentials refused): set by
 * {@link #onSystemicFailure}, cleared by the next successful publish. Health reports it. Threadsafe.
 *
 * @since 0.1.0
 */
public final class RelayHealth implements RelayListener {

    /** A systemic failure the relay reported and no publish has succeeded since. */
    public record Paused(String reason, Instant since) {
        /** Checks the parts. */
        public Paused {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(since, "since must not be null");
        }
    }

    private final Clock clock;
    private volatile Paused paused;

    /**
     * Creates a tracker.
     *
     * @param clock when failures happen, not null
     */
    public RelayHealth(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** @return the systemic failure publishing is paused by, if any */
    public Optional<Paused> paused() {
        return Optional.ofNullable(paused);
    }

    @Override
    public void onSystemicFailure(String reason, Duration pause) {
        Paused current = paused;
        paused = new Paused(reason, current == null ? clock.instant() : current.since());
    }

    @Override
    public void onPublished(int events) {
        if (events > 0) {
            paused = null;
        }
    }
}
