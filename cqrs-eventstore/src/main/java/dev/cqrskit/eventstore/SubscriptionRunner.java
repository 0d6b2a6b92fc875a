package dev.cqrskit.eventstore;

import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.internal.PlannerStatistics;
import dev.cqrskit.outbox.internal.Wakeup;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one subscription on one thread: takes its lock (or waits as standby), catches up from the checkpoint in
 * batches, then follows appends, woken through the node's shared {@link Wakeup} (one LISTEN connection for all the
 * runners of a {@link Subscriptions}) or by polling. A handler that keeps failing marks the subscription failed and
 * the runner waits, holding the lock, until an operator retries, skips or resets. Every failure of its own (a lost
 * connection, a restarted database) is logged; the runner lets the lock go and tries again.
 */
final class SubscriptionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRunner.class);
    private static final int MAX_ERROR = 2_000;

    private final Jdbi jdbi;
    private final Subscription subscription;
    private final SubscriptionsConfig config;
    private final SubscriptionBatch batch;
    private final Runnable progress;
    private final Wakeup wakeup;
    private volatile boolean running;
    private volatile boolean active;
    private volatile Thread thread;
    private int attempts;
    private long isolateThrough;

    SubscriptionRunner(Jdbi jdbi, EventCodec codec, Subscription subscription, SubscriptionsConfig config,
                       Runnable progress, Wakeup wakeup) {
        this.jdbi = jdbi;
        this.wakeup = wakeup;
        this.subscription = subscription;
        this.config = config;
        this.progress = progress;
        this.batch = new SubscriptionBatch(subscription, codec, config.node(), config.lockTimeout(),
                config.batchSize());
    }

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("Subscription " + subscription.id() + " is already started");
        }
        running = true;
        Thread worker = new Thread(this::loop, "cqrs-subscription-" + subscription.id());
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    /** Tells the runner to stop at its next look at the flag; {@link #stop} waits for it. */
    void halt() {
        running = false;
    }

    synchronized void stop(Duration timeout) {
        running = false;
        Thread worker = thread;
        if (worker == null) {
            return;
        }
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("Subscription {} did not stop within {}; its batch is still running", subscription.id(), timeout);
        }
        thread = null;
    }

    boolean isRunning() {
        Thread worker = thread;
        return running && worker != null && worker.isAlive();
    }

    boolean isActive() {
        return active && isRunning();
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try (SubscriptionLock lock = SubscriptionLock.tryAcquire(jdbi, subscription.id())) {
                if (lock == null) {
                    sleep(config.lockRetryInterval().toMillis());
                    continue;
                }
                active = true;
                LOG.info("Subscription {} is active on {}", subscription.id(), config.node());
                follow(lock);
                failures = 0;
            } catch (Throwable failure) {
                failures++;
                LOG.error("Subscription {} lost its runner (attempt {}); it lets its lock go and tries again",
                        subscription.id(), failures, failure);
                sleep(config.retryBackoff().delay(Math.min(failures, 30)).toMillis());
            } finally {
                active = false;
            }
        }
        markStopped();
    }

    private void follow(SubscriptionLock lock) throws Exception {
        jdbi.useHandle(handle -> PlannerStatistics.analyzeIfNeverAnalyzed(handle, "cqrs_events",
                "Reading the log's windows"));
        prepare();
        long fullBatches = 0;
        Duration poll = config.pollInterval();
        while (running) {
            long seen = wakeup.generation(); // before reading: a notification from now on ends the wait below
            Checkpoint checkpoint = batch.checkpoint();
            if (checkpoint.state() == SubscriptionState.FAILED) {
                wakeup.await(seen, poll.toMillis());
                lock.checkEvery(poll);
                reload();
                continue;
            }
            batch.limit(isolateThrough > 0 ? 1 : config.batchSize());
            int read;
            try {
                read = jdbi.inTransaction(batch::runOnce);
                attempts = 0;
            } catch (CheckpointMovedException moved) {
                LOG.info("Subscription {}: its checkpoint was moved by an operator or another runner; reloading",
                        subscription.id());
                lock.check(); // another runner only gets in if this one's lock session died: then stop here
                reload();
                continue;
            } catch (HandlerFailedException failed) {
                handlerFailed(failed);
                continue;
            }
            if (read > 0) {
                progress.run();
            }
            Checkpoint now = batch.checkpoint();
            if (isolateThrough > 0 && (now.window() == null || now.windowPosition() >= isolateThrough)) {
                isolateThrough = 0;
            }
            if (read == batch.limit()) {
                if (++fullBatches % 20 == 0) {
                    lock.check(); // while catching up it never waits: look at the lock connection now and then
                }
                continue;
            }
            if (read > 0) {
                continue; // a short batch closed its window: look at what committed meanwhile before idling
            }
            if (wakeup.askToBeWoken(lock.handle())) {
                continue; // a commit just before the request did not notify: read once more first
            }
            lock.checkEvery(poll); // the lock connection is otherwise silent while following
            wakeup.await(seen, poll.toMillis());
        }
    }

    /** Creates the checkpoint row on first start (running the reset hook with it) and loads it. */
    private void prepare() {
        jdbi.useTransaction(handle -> {
            int created = handle.createUpdate("INSERT INTO cqrs_subscriptions (subscription_id, committed_snapshot,"
                            + " status, owner) VALUES (:id, CASE WHEN :end THEN pg_current_snapshot()"
                            + " ELSE CAST(:beginning AS pg_snapshot) END, 'CATCHING_UP', :owner)"
                            + " ON CONFLICT (subscription_id) DO NOTHING")
                    .bind("id", subscription.id())
                    .bind("end", subscription.startPosition() == StartPosition.END)
                    .bind("beginning", Checkpoint.BEGINNING)
                    .bind("owner", config.node())
                    .execute();
            if (created == 1) {
                subscription.resetHook().reset(handle);
            }
        });
        reload();
        attempts = 0;
        isolateThrough = 0;
    }

    private void reload() {
        Optional<Checkpoint> loaded = jdbi.withHandle(handle -> SubscriptionBatch.load(handle, subscription.id()));
        batch.checkpoint(loaded.orElseThrow(() -> new EventStoreException("Subscription " + subscription.id()
                + " has no row in cqrs_subscriptions any more; was it deleted while running?")));
    }

    private void handlerFailed(HandlerFailedException failed) throws InterruptedException {
        if (batch.limit() > 1) {
            // Find the poison event: handle the failed batch one event per transaction, so the events before it
            // commit and the failure names one event.
            isolateThrough = Math.max(isolateThrough, failed.position());
            LOG.warn("Subscription {}: a batch failed at position {}; handling it event by event",
                    subscription.id(), failed.position(), failed.getCause());
            return; // not an attempt: the event-by-event pass finds the event, then its attempts count
        }
        attempts++;
        if (attempts < config.maxAttempts()) {
            LOG.warn("Subscription {}: handler failed at position {} ({}), attempt {} of {}", subscription.id(),
                    failed.position(), failed.eventType(), attempts, config.maxAttempts(), failed.getCause());
            Thread.sleep(config.retryBackoff().delay(attempts).toMillis());
            return;
        }
        String error = sanitize(String.valueOf(failed.getCause()));
        long revision = batch.checkpoint().revision();
        int marked = jdbi.withHandle(handle -> handle.createUpdate("UPDATE cqrs_subscriptions SET status = 'FAILED',"
                        + " failed_position = :p, failed_event_type = :t, failed_error = :e, failed_at = now(),"
                        + " revision = revision + 1, owner = :owner, updated_at = now()"
                        + " WHERE subscription_id = :id AND revision = :revision")
                .bind("p", failed.position()).bind("t", failed.eventType()).bind("e", error)
                .bind("owner", config.node()).bind("id", subscription.id()).bind("revision", revision)
                .execute());
        LOG.error("Subscription {} FAILED at position {} ({}) after {} attempts and stops until an operator retries"
                        + " (Subscriptions.retry) or skips the event (Subscriptions.skip); other subscriptions go on",
                subscription.id(), failed.position(), failed.eventType(), attempts, failed.getCause());
        attempts = 0;
        isolateThrough = 0;
        if (marked != 1) {
            LOG.info("Subscription {}: its checkpoint moved meanwhile; reloading", subscription.id());
        }
        reload();
    }

    private void markStopped() {
        try {
            Checkpoint checkpoint = batch.checkpoint();
            if (checkpoint != null && checkpoint.state() != SubscriptionState.FAILED) {
                jdbi.useHandle(handle -> handle.createUpdate("UPDATE cqrs_subscriptions SET status = 'STOPPED',"
                                + " revision = revision + 1, updated_at = now()"
                                + " WHERE subscription_id = :id AND revision = :revision AND owner = :owner")
                        .bind("id", subscription.id()).bind("revision", checkpoint.revision())
                        .bind("owner", config.node()).execute());
            }
        } catch (RuntimeException e) {
            LOG.warn("Subscription {} could not record that it stopped: {}", subscription.id(), e.toString());
        }
        LOG.info("Subscription {} stopped on {}", subscription.id(), config.node());
    }

    private void sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (running && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Bounds an error text and removes what PostgreSQL rejects (NUL, lone surrogates). */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ERROR));
        for (int i = 0; i < text.length() && out.length() < MAX_ERROR; i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > MAX_ERROR) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
