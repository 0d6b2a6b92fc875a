package dev.cqrskit.benchmarks.chaos;

import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A producer of the chaos run, on its own thread: business transactions of 1 to 3 counted events on one of its own
 * keys (a key has one producer, so its appends never run concurrently), now and then a poison event after them, a
 * ledger row per event in the same transaction, and a share of transactions rolled back on purpose. It keeps going
 * while the server is down: a transaction that failed there is in doubt until the ledger answers whether it
 * committed. Threadsafe for the counters it exposes.
 */
final class ChaosProducer implements Runnable {

    private static final MetadataFactory METADATA = MetadataFactory.systemDefault();

    private final Jdbi jdbi;
    private final List<String> keys;
    private final int rollbackPercent;
    private final int poisonPerMille;
    private final long pauseMillis;
    private final AtomicBoolean running;
    private final Random random;
    private final int[] next;
    final LongAdder committed = new LongAdder();
    final LongAdder inDoubt = new LongAdder();
    final Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();

    ChaosProducer(Jdbi jdbi, List<String> keys, int rollbackPercent, int poisonPerMille, long pauseMillis,
                  AtomicBoolean running, long seed) {
        this.jdbi = jdbi;
        this.keys = List.copyOf(keys);
        this.rollbackPercent = rollbackPercent;
        this.poisonPerMille = poisonPerMille;
        this.pauseMillis = pauseMillis;
        this.running = running;
        this.random = new Random(seed);
        this.next = new int[keys.size()];
        Arrays.fill(next, 1);
    }

    @Override
    public void run() {
        while (running.get()) {
            int k = random.nextInt(keys.size());
            String key = keys.get(k);
            List<EventMessage<?>> events = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                events.add(new EventMessage<>(new ChaosEvents.Counted(key, next[k] + i), METADATA.root()));
            }
            if (random.nextInt(1_000) < poisonPerMille) {
                events.add(new EventMessage<>(new ChaosEvents.Poison(key), METADATA.root()));
            }
            boolean rollBack = random.nextInt(100) < rollbackPercent;
            boolean done;
            try {
                jdbi.useTransaction(h -> write(h, key, events, rollBack));
                done = true;
            } catch (RollBack e) {
                events.forEach(event -> rolledBack.add(event.metadata().messageId()));
                done = false;
            } catch (RuntimeException e) {
                inDoubt.increment();
                done = inLedger(events.get(0).metadata().messageId());
            }
            if (done) {
                next[k] += count;
                committed.add(events.size());
            }
            sleep(pauseMillis);
        }
    }

    private static void write(Handle h, String key, List<EventMessage<?>> events, boolean rollBack) {
        h.execute("SET LOCAL synchronous_commit = on"); // what the producer saw committed survives a crash
        ChaosEvents.OUTBOX.append(h, key, events);
        PreparedBatch ledger = h.prepareBatch("INSERT INTO chaos_ledger VALUES (?, ?, ?, ?)");
        for (EventMessage<?> event : events) {
            boolean poison = event.event() instanceof ChaosEvents.Poison;
            ledger.add(event.metadata().messageId(), key,
                    poison ? 0 : ((ChaosEvents.Counted) event.event()).seq(), poison);
        }
        ledger.execute();
        if (rollBack) {
            throw new RollBack();
        }
    }

    /** Waits for the server (up to 5 minutes) and asks the ledger whether the transaction in doubt committed. */
    private boolean inLedger(UUID messageId) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            try {
                return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM chaos_ledger"
                        + " WHERE message_id = ?)").bind(0, messageId).mapTo(Boolean.class).one());
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The database did not come back within 5 minutes", e);
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class RollBack extends RuntimeException {
        RollBack() {
            super("rolled back on purpose", null, false, false);
        }
    }
}
