package dev.cqrskit.eventstore;

import static dev.cqrskit.eventstore.EventStoreFixtures.CODEC;
import static dev.cqrskit.eventstore.EventStoreFixtures.notes;
import static dev.cqrskit.eventstore.EventStoreFixtures.storeOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.support.Backoff;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Durable subscriptions against real PostgreSQL: deterministic interleavings of transactions that commit out of
 * position order, roll back or lose a conflict, a randomized run of concurrent writers, two runners for one id, a
 * failing handler, read-your-writes, reset and rebuild.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static HikariDataSource pool;
    private static Jdbi jdbi;
    private static JdbiTransactionBoundary transactions;
    private static EventStore store;

    private final List<Subscriptions> started = new ArrayList<>();
    private final String p = UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void install(PostgresDatabase database) {
        pool = EventStoreFixtures.pooled(database);
        jdbi = EventStoreFixtures.aDatabase(pool);
        transactions = new JdbiTransactionBoundary(jdbi);
        store = new EventStore(transactions, CODEC);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @AfterEach
    void stopAll() {
        started.forEach(Subscriptions::stop);
    }

    private Subscriptions start(String node, int batchSize, Subscription... subscriptions) {
        Subscriptions.Builder builder = Subscriptions.builder(jdbi, CODEC).config(SubscriptionsConfig.builder()
                .batchSize(batchSize).pollInterval(Duration.ofMillis(50)).lockRetryInterval(Duration.ofMillis(50))
                .maxAttempts(2).retryBackoff(Backoff.of(Duration.ofMillis(10), Duration.ofMillis(50)))
                .node(node).build());
        for (Subscription subscription : subscriptions) {
            builder.add(subscription);
        }
        Subscriptions built = builder.build();
        started.add(built);
        built.start();
        return built;
    }

    private static Subscription.Builder recording(String id) {
        return Subscription.builder(id).on(Noted.class, (event, metadata, handle) -> handle.execute(
                "INSERT INTO seen (subscription, stream, n) VALUES (?, ?, ?)", id, event.stream(), event.n()));
    }

    /** What a subscription delivered of this test's streams, in delivery order, as "stream#n". */
    private List<String> seen(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT stream || '#' || n FROM seen"
                        + " WHERE subscription = :id AND stream LIKE :p ORDER BY seq")
                .bind("id", id).bind("p", p + "%").mapTo(String.class).list());
    }

    private static void await(String what, BooleanSupplier condition) {
        EventStoreFixtures.await(what, WAIT, condition);
    }

    /** The stored state of a subscription, null until its runner has created its row. */
    private static SubscriptionState stateOf(Subscriptions subscriptions, String id) {
        return subscriptions.status(id).map(SubscriptionStatus::state).orElse(null);
    }

    private void awaitSeen(String id, int count) {
        await(id + " delivered " + count + " events of " + p + ": " + seen(id), () -> seen(id).size() >= count);
    }

    /** Checks that each stream was delivered completely, once, and in version order. */
    private static void assertInStreamOrder(List<String> delivered) {
        Map<String, Long> last = new HashMap<>();
        for (String entry : delivered) {
            int hash = entry.lastIndexOf('#');
            String stream = entry.substring(0, hash);
            long n = Long.parseLong(entry.substring(hash + 1));
            long previous = last.getOrDefault(stream, 0L);
            assertThat(n).as("%s delivered after %s#%d in %s", entry, stream, previous, delivered)
                    .isEqualTo(previous + 1);
            last.put(stream, n);
        }
    }

    @Test
    void deliversALowerTransactionThatCommitsAfterAHigherOneAndKeepsStreamOrder() {
        start("a", 50, recording("late").build());
        try (Handle a = jdbi.open(); Handle b = jdbi.open()) {
            a.begin();
            storeOn(a).append(p + "A", ExpectedVersion.noStream(), notes(p + "A", 1, 1)); // lower xid and position
            b.begin();
            storeOn(b).append(p + "B", ExpectedVersion.noStream(), notes(p + "B", 1, 1));
            b.commit();
            awaitSeen("late", 1);
            assertThat(seen("late")).containsExactly(p + "B#1");

            a.commit();
            awaitSeen("late", 2);
            assertThat(seen("late")).containsExactly(p + "B#1", p + "A#1");
        }
        try (Handle a = jdbi.open(); Handle b = jdbi.open()) {
            // a takes its transaction id first, but appends the later versions of the stream
            a.begin();
            a.createQuery("SELECT pg_current_xact_id()::text").mapTo(String.class).one();
            b.begin();
            storeOn(b).append(p + "S", ExpectedVersion.noStream(), notes(p + "S", 1, 2));
            b.commit();
            storeOn(a).append(p + "S", ExpectedVersion.exactly(2), notes(p + "S", 3, 2));
            a.commit();
        }
        awaitSeen("late", 6);
        assertInStreamOrder(seen("late"));

        // A subscription that catches up later sees all of it in one commit cut, in stream order too.
        start("a", 50, recording("late-catch-up").build());
        awaitSeen("late-catch-up", 6);
        assertInStreamOrder(seen("late-catch-up"));
    }

    @Test
    void aLongOpenWriterDoesNotHoldBackOtherStreams() {
        Subscriptions subscriptions = start("a", 50, recording("long").build());
        try (Handle writer = jdbi.open()) {
            writer.begin();
            storeOn(writer).append(p + "long", ExpectedVersion.noStream(), notes(p + "long", 1, 1));
            for (int i = 0; i < 20; i++) {
                store.append(p + "s" + i, ExpectedVersion.noStream(), notes(p + "s" + i, 1, 2));
            }
            awaitSeen("long", 40);
            assertThat(seen("long")).doesNotContain(p + "long#1");
            await("long reports no lag", () -> subscriptions.status("long").map(SubscriptionStatus::lag).orElse(-1L) == 0);
            assertThat(subscriptions.status("long").orElseThrow().state()).isEqualTo(SubscriptionState.RUNNING);

            writer.commit();
        }
        awaitSeen("long", 41);
        assertThat(seen("long")).endsWith(p + "long#1");
        assertInStreamOrder(seen("long"));
    }

    @Test
    void rolledBackAppendsAndConflictLosersStallNothing() throws Exception {
        Subscriptions subscriptions = start("a", 50, recording("holes").build());
        try (Handle rolledBack = jdbi.open()) {
            rolledBack.begin();
            storeOn(rolledBack).append(p + "gone", ExpectedVersion.noStream(), notes(p + "gone", 1, 3));
            rolledBack.rollback(); // leaves a hole of three positions
        }
        store.append(p + "c", ExpectedVersion.noStream(), notes(p + "c", 1, 1));
        assertThatThrownBy(() -> store.append(p + "c", ExpectedVersion.noStream(), notes(p + "c", 1, 1)))
                .isInstanceOf(ConcurrencyConflictException.class);
        try (Handle winner = jdbi.open(); Handle loser = jdbi.open()) {
            winner.begin();
            loser.begin();
            storeOn(winner).append(p + "c", ExpectedVersion.exactly(1), notes(p + "c", 2, 1));
            CompletableFuture<Throwable> lost = CompletableFuture.supplyAsync(() -> {
                try {
                    storeOn(loser).append(p + "c", ExpectedVersion.exactly(1), notes(p + "c", 2, 1));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(100);
            winner.commit();
            assertThat(lost.get(10, TimeUnit.SECONDS)).isInstanceOf(ConcurrencyConflictException.class);
            loser.rollback();
        }

        AppendResult after = store.append(p + "after", ExpectedVersion.noStream(), notes(p + "after", 1, 1));

        assertThat(subscriptions.awaitPosition("holes", after.position(), WAIT)).isTrue();
        assertThat(seen("holes")).containsExactly(p + "c#1", p + "c#2", p + "after#1");
    }

    @Test
    void deliversAMultiStreamTransactionWithEachStreamInOrder() {
        start("a", 4, recording("multi").build());
        transactions.inTransaction(() -> {
            store.append(p + "m1", ExpectedVersion.noStream(), notes(p + "m1", 1, 3));
            store.append(p + "m2", ExpectedVersion.noStream(), notes(p + "m2", 1, 3));
            store.append(p + "m1", ExpectedVersion.exactly(3), notes(p + "m1", 4, 2));
            return null;
        });

        awaitSeen("multi", 8);
        assertThat(seen("multi")).containsExactly(p + "m1#1", p + "m1#2", p + "m1#3", p + "m2#1", p + "m2#2",
                p + "m2#3", p + "m1#4", p + "m1#5");
    }

    @Test
    void missesAndReordersNothingUnderConcurrentWritersWithConflictsAndRollbacks() throws Exception {
        Subscriptions subscriptions = start("a", 25, recording("random").build());
        int writers = 4;
        int transactionsPerWriter = 350;
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                running.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < transactionsPerWriter; i++) {
                        try {
                            transactions.inTransaction(() -> {
                                int streams = 1 + random.nextInt(2);
                                for (int s = 0; s < streams; s++) {
                                    String stream = p + "r" + random.nextInt(16);
                                    long version = store.version(stream);
                                    int count = 1 + random.nextInt(3);
                                    store.append(stream, ExpectedVersion.exactly(version),
                                            notes(stream, version + 1, count));
                                }
                                if (random.nextInt(10) == 0) {
                                    throw new IllegalStateException("roll back");
                                }
                                return null;
                            });
                        } catch (ConcurrencyConflictException e) {
                            conflicts.incrementAndGet();
                        } catch (IllegalStateException e) {
                            rolledBack.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> stored = jdbi.withHandle(handle -> handle.createQuery("SELECT stream_id || '#' || stream_version"
                + " FROM cqrs_events WHERE stream_id LIKE :p ORDER BY position").bind("p", p + "%")
                .mapTo(String.class).list());

        awaitSeen("random", stored.size());
        await("random has no lag", () -> subscriptions.status("random").map(SubscriptionStatus::lag).orElse(-1L) == 0);
        List<String> delivered = seen("random");
        assertThat(stored.size()).as("events stored").isGreaterThan(1_500);
        assertThat(rolledBack.get()).as("rolled back transactions").isPositive();
        assertThat(conflicts.get()).as("conflict losers").isPositive();
        assertThat(delivered).as("missed or extra events").hasSameSizeAs(stored).containsExactlyInAnyOrderElementsOf(stored);
        assertInStreamOrder(delivered);
        assertThat(subscriptions.status("random").orElseThrow().state()).isEqualTo(SubscriptionState.RUNNING);
    }

    @Test
    void runsOneActiveRunnerPerIdAndFailsOverToTheStandby() {
        Subscriptions nodeA = start("node-a", 50, recording("shared").build());
        Subscriptions nodeB = start("node-b", 50, recording("shared").build());
        await("one runner is active", () -> nodeA.isActive("shared") || nodeB.isActive("shared"));
        for (int i = 0; i < 10; i++) {
            store.append(p + "f" + i, ExpectedVersion.noStream(), notes(p + "f" + i, 1, 1));
        }
        awaitSeen("shared", 10);
        assertThat(nodeA.isActive("shared") ^ nodeB.isActive("shared")).as("exactly one active").isTrue();
        assertThat(nodeA.status("shared").orElseThrow().active()).isTrue();
        Subscriptions active = nodeA.isActive("shared") ? nodeA : nodeB;
        Subscriptions standby = active == nodeA ? nodeB : nodeA;

        active.stop();
        await("the standby takes over", () -> standby.isActive("shared"));
        for (int i = 0; i < 10; i++) {
            store.append(p + "g" + i, ExpectedVersion.noStream(), notes(p + "g" + i, 1, 1));
        }

        awaitSeen("shared", 20);
        assertThat(seen("shared")).hasSize(20).doesNotHaveDuplicates();
        assertThat(standby.status("shared").orElseThrow().owner()).isEqualTo(active == nodeA ? "node-b" : "node-a");
    }

    @Test
    void aFailingHandlerStopsOnlyItsSubscriptionVisiblyAndResumesAfterAFixOrASkip() {
        AtomicBoolean broken = new AtomicBoolean(true);
        String poison = p + "poison";
        Subscription failing = Subscription.builder("failing").on(Noted.class, (event, metadata, handle) -> {
            if (event.stream().startsWith(p) && event.n() == 2 && broken.get()) {
                throw new IllegalStateException("read model rejects " + event.stream() + "#2");
            }
            handle.execute("INSERT INTO seen (subscription, stream, n) VALUES (?, ?, ?)", "failing", event.stream(),
                    event.n());
        }).build();
        Subscriptions subscriptions = start("a", 50, failing, recording("healthy").build());

        AppendResult appended = store.append(poison, ExpectedVersion.noStream(), notes(poison, 1, 3));

        await("failing is FAILED", () -> stateOf(subscriptions, "failing") == SubscriptionState.FAILED);
        SubscriptionStatus status = subscriptions.status("failing").orElseThrow();
        SubscriptionFailure failure = status.failure().orElseThrow();
        assertThat(failure.position()).isEqualTo(appended.firstPosition() + 1);
        assertThat(failure.eventType()).isEqualTo("test.Noted.v1");
        assertThat(failure.error()).contains("read model rejects " + poison + "#2");
        assertThat(seen("failing")).containsExactly(poison + "#1");
        awaitSeen("healthy", 3);
        assertThat(subscriptions.isRunning("failing")).isTrue();
        assertThat(subscriptions.hasPassed("failing", failure.position())).isFalse();

        broken.set(false);
        subscriptions.retry("failing");
        awaitSeen("failing", 3);
        assertThat(seen("failing")).containsExactly(poison + "#1", poison + "#2", poison + "#3");
        await("failing runs again", () -> stateOf(subscriptions, "failing") == SubscriptionState.RUNNING);

        broken.set(true);
        String skipped = p + "skipped";
        AppendResult second = store.append(skipped, ExpectedVersion.noStream(), notes(skipped, 1, 3));
        await("failing is FAILED again", () -> stateOf(subscriptions, "failing") == SubscriptionState.FAILED);
        subscriptions.skip("failing", second.firstPosition() + 1, "bad data, fixed by hand in ticket 42");
        assertThat(subscriptions.awaitPosition("failing", second.position(), WAIT)).isTrue();
        assertThat(seen("failing")).endsWith(skipped + "#1", skipped + "#3");
        List<String> reasons = jdbi.withHandle(handle -> handle.createQuery("SELECT reason FROM"
                + " cqrs_subscription_skips WHERE subscription_id = 'failing'").mapTo(String.class).list());
        assertThat(reasons).containsExactly("bad data, fixed by hand in ticket 42");
    }

    @Test
    void awaitPositionReturnsOnceTheCheckpointPassedTheAppendOrFalseAtTheTimeout() {
        Subscriptions subscriptions = start("a", 50, recording("ryw").build());
        AppendResult appended = store.append(p + "w", ExpectedVersion.noStream(), notes(p + "w", 1, 2));

        assertThat(subscriptions.awaitPosition("ryw", appended.position(), WAIT)).isTrue();
        assertThat(seen("ryw")).containsExactly(p + "w#1", p + "w#2");

        subscriptions.stop();
        AppendResult unseen = store.append(p + "w", ExpectedVersion.exactly(2), notes(p + "w", 3, 1));
        assertThat(subscriptions.awaitPosition("ryw", unseen.position(), Duration.ofMillis(300))).isFalse();
        assertThat(subscriptions.status("ryw").orElseThrow().state()).isEqualTo(SubscriptionState.STOPPED);
        assertThat(subscriptions.status("ryw").orElseThrow().lag()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void resetReplaysFromAPositionAndARebuildUnderANewIdReplaysFromTheStart() {
        String x = p + "x";
        Subscription resettable = recording("resettable")
                .onReset(handle -> handle.execute("DELETE FROM seen WHERE subscription = 'resettable'"))
                .build();
        Subscriptions subscriptions = start("a", 50, resettable);
        store.append(x, ExpectedVersion.noStream(), notes(x, 1, 1));
        AppendResult second = store.append(x, ExpectedVersion.exactly(1), notes(x, 2, 1));
        AppendResult third = store.append(x, ExpectedVersion.exactly(2), notes(x, 3, 1));
        assertThat(subscriptions.awaitPosition("resettable", third.position(), WAIT)).isTrue();

        subscriptions.reset("resettable", second.position());

        assertThat(subscriptions.awaitPosition("resettable", third.position(), WAIT)).isTrue();
        assertThat(seen("resettable")).containsExactly(x + "#3");
        assertThatThrownBy(() -> subscriptions.reset("nobody", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No subscription 'nobody' exists");

        start("a", 50, recording("resettable-v2").build(),
                recording("from-now").startAt(StartPosition.END).build());
        assertThat(subscriptions.awaitPosition("resettable-v2", third.position(), WAIT)).isTrue();
        assertThat(seen("resettable-v2")).containsExactly(x + "#1", x + "#2", x + "#3");
        await("from-now exists", () -> subscriptions.status("from-now").isPresent());
        AppendResult fourth = store.append(x, ExpectedVersion.exactly(3), notes(x, 4, 1));
        assertThat(subscriptions.awaitPosition("from-now", fourth.position(), WAIT)).isTrue();
        assertThat(seen("from-now")).containsExactly(x + "#4");
    }

    @Test
    void projectionWritesRunBatchedInEventOrderAndAPlainHandlerSeesTheWritesBeforeIt() {
        String id = "projected";
        Subscription projected = Subscription.builder(id)
                .project(Noted.class, (event, metadata, writes) -> writes.add(
                        "INSERT INTO seen (subscription, stream, n) VALUES (?, ?, ?)", id, event.stream(), event.n()))
                .on(Counter.Counted.class, (event, metadata, handle) -> handle.execute(
                        "INSERT INTO seen (subscription, stream, n) SELECT ?, ?, count(*) FROM seen"
                                + " WHERE subscription = ? AND stream LIKE ?", id, p + "counted", id, p + "%"))
                .build();
        Subscriptions subscriptions = start("a", 50, projected);
        List<EventMessage<?>> mixed = new ArrayList<>(notes(p + "mixed", 1, 2));
        mixed.add(new EventMessage<>(new Counter.Counted(UUID.randomUUID(), 7), EventStoreFixtures.METADATA.root()));
        mixed.addAll(notes(p + "mixed", 4, 2));

        AppendResult appended = store.append(p + "mixed", ExpectedVersion.noStream(), mixed);

        assertThat(subscriptions.awaitPosition(id, appended.position(), WAIT)).isTrue();
        assertThat(seen(id)).containsExactly(p + "mixed#1", p + "mixed#2", p + "counted#2", p + "mixed#4",
                p + "mixed#5");
    }

    @Test
    void aFailingBatchedWriteFailsTheSubscriptionAtTheEventThatAddedIt() {
        jdbi.useHandle(handle -> handle.execute("CREATE TABLE IF NOT EXISTS strict_model (stream TEXT,"
                + " n BIGINT CONSTRAINT strict_model_rejects_three CHECK (n <> 3))"));
        String id = "strict";
        Subscription strict = Subscription.builder(id).project(Noted.class, (event, metadata, writes) -> {
            if (event.stream().startsWith(p)) { // other tests' events in this database are not its business
                writes.add("INSERT INTO seen (subscription, stream, n) VALUES (?, ?, ?)", id, event.stream(),
                        event.n());
                writes.add("INSERT INTO strict_model (stream, n) VALUES (?, ?)", event.stream(), event.n());
            }
        }).build();
        Subscriptions subscriptions = start("a", 50, strict);

        AppendResult appended = store.append(p + "strict", ExpectedVersion.noStream(), notes(p + "strict", 1, 5));

        await("strict is FAILED", () -> stateOf(subscriptions, id) == SubscriptionState.FAILED);
        SubscriptionFailure failure = subscriptions.status(id).orElseThrow().failure().orElseThrow();
        assertThat(failure.position()).isEqualTo(appended.firstPosition() + 2);
        assertThat(failure.error()).contains("strict_model_rejects_three");
        assertThat(seen(id)).containsExactly(p + "strict#1", p + "strict#2");
    }

    @Test
    void statusIsEmptyForASubscriptionNeverStarted() {
        Subscriptions subscriptions = Subscriptions.builder(jdbi, CODEC).build();
        assertThat(subscriptions.status("never")).isEmpty();
        assertThat(subscriptions.isActive("never")).isFalse();
    }
}
