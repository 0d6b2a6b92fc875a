package dev.cqrskit.outbox.inbox;

import dev.cqrskit.core.support.ConfigValidation;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes an {@link Inbox}'s old entries on a schedule, in small batches, so the inbox table stays as small as the
 * redelivery window needs.
 *
 * <pre>{@code
 * InboxRetention retention = new InboxRetention(jdbi, inbox, Duration.ofDays(14), Duration.ofHours(1),
 *         scheduler, Clock.systemUTC()).start();
 * ...
 * retention.close();
 * }</pre>
 *
 * <p>An entry is deleted once it is older than {@code retention}, by the injected {@link Clock}: a message
 * redelivered after that is handled again. Keep {@code retention} longer than the longest time a message can take to
 * be redelivered (the relay's {@code maxBackoff} times its attempts, plus the longest outage you want to survive). A
 * run that fails is logged and the next one tries again; the schedule never stops by itself.
 *
 * <p>This class is threadsafe. The scheduler belongs to the caller, who shuts it down.
 *
 * @since 0.1.0
 */
public final class InboxRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);

    private final Jdbi jdbi;
    private final Inbox inbox;
    private final Duration retention;
    private final Duration every;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private ScheduledFuture<?> schedule;

    /**
     * Creates a retention; it deletes nothing until {@link #start()} or {@link #runOnce()}.
     *
     * @param jdbi      the database
     * @param inbox     whose entries to delete
     * @param retention how long entries are kept (1 s..3,650 days)
     * @param every     the pause between runs (1 s..1 day)
     * @param scheduler runs the deletes; shared with others as you like
     * @param clock     tells the time the retention counts from
     */
    public InboxRetention(Jdbi jdbi, Inbox inbox, Duration retention, Duration every,
                          ScheduledExecutorService scheduler, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
        this.retention = ConfigValidation.between("cqrs.inbox.retention", retention, Duration.ofSeconds(1),
                Duration.ofDays(3_650));
        this.every = ConfigValidation.between("cqrs.inbox.retention-interval", every, Duration.ofSeconds(1),
                Duration.ofDays(1));
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * Schedules a run now and then one every {@code every} after the previous one ended.
     *
     * @return this retention
     * @throws IllegalStateException if it is scheduled already
     */
    public synchronized InboxRetention start() {
        if (schedule != null) {
            throw new IllegalStateException("This InboxRetention of consumer '" + inbox.consumer()
                    + "' is already scheduled; close() it before starting it again.");
        }
        schedule = scheduler.scheduleWithFixedDelay(this::runQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Deletes, on the calling thread, the entries older than the retention.
     *
     * @return how many were deleted
     * @throws dev.cqrskit.outbox.OutboxException if a delete fails
     */
    public int runOnce() {
        int deleted = inbox.deleteHandledBefore(jdbi, clock.instant().minus(retention), Inbox.DEFAULT_DELETE_BATCH);
        if (deleted > 0) {
            LOG.info("Deleted {} inbox entries of consumer '{}' older than {}", deleted, inbox.consumer(), retention);
        }
        return deleted;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (Throwable e) {
            // A scheduled task that throws is never run again: log and let the next run try.
            LOG.warn("Inbox retention of consumer '{}' failed; the next run in {} tries again: {}",
                    inbox.consumer(), every, e.toString());
        }
    }

    /** Cancels the schedule; a run in progress finishes. Idempotent. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }
}
