package dev.cqrskit.benchmarks.eventbridge;

import ch.qos.logback.classic.Level;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgeClients;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.eventbridge.EventMapping;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the EventBridge publisher against the local emulator on loopback: events per second, PutEvents requests
 * per event and client CPU per request under load with several key spreads, and the latency of single-event batches
 * at a trickle. Run by hand:
 *
 * <pre>{@code
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.eventbridge.EventBridgeThroughput [events] [callers]
 * }</pre>
 *
 * The emulator runs in the same JVM, so the machine's cores are shared by client and server; the client's CPU is
 * measured per thread (callers and the publisher's pool), not the server's.
 */
public final class EventBridgeThroughput {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private EventBridgeThroughput() {
    }

    /**
     * Runs every scenario and prints one line per scenario.
     *
     * @param args events per load scenario (default 100000), caller threads (default 2)
     * @throws Exception if a caller thread fails
     */
    public static void main(String[] args) throws Exception {
        // The SDK logs every request at DEBUG; logback's default would measure the logging, not the publisher.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String payload = "{\"userId\":\"" + UUID.randomUUID() + "\",\"email\":\"ada@example.com\",\"plan\":\"pro\"}";
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().region("us-east-1").start();
             EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder()
                     .region("us-east-1").endpointOverride(emulator.endpoint())
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .maxConnections(16).build());
             EventBridgePublisher publisher = new EventBridgePublisher(client, EventBridgePublisherConfig.builder()
                     .defaultMapping(EventMapping.builder().source("bench.users").build())
                     .maxConcurrentRequests(4).build())) {
            System.out.printf("JDK %s, %d cores, %d events per load run, %d caller threads, batches of 100%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), events, callers);
            load("warm-up", emulator, publisher, Math.min(events, 30_000), callers, 100, 10_000, payload);
            load("load, 100 keys/batch", emulator, publisher, events, callers, 100, 1_000_000, payload);
            load("load, 20 keys/batch", emulator, publisher, events, callers, 100, 20, payload);
            load("load, 10 keys/batch", emulator, publisher, events, callers, 100, 10, payload);
            load("load, 1 key/batch", emulator, publisher, Math.min(events, 20_000), callers, 100, 1, payload);
            trickle(emulator, publisher, 2_000, payload);
        }
    }

    private static void load(String name, EventBridgeEmulator emulator, EventBridgePublisher publisher, int events,
                             int callers, int batchSize, int keysPerBatch, String payload) throws Exception {
        emulator.clearEvents();
        long requestsBefore = emulator.putEventsRequests();
        long poolCpuBefore = poolCpu();
        AtomicLong next = new AtomicLong();
        AtomicLong callerCpu = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(callers);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < callers; c++) {
            Thread thread = new Thread(() -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long first;
                while ((first = next.getAndAdd(batchSize)) < events) {
                    int size = (int) Math.min(batchSize, events - first);
                    List<SerializedEvent> batch = new ArrayList<>(size);
                    long batchNumber = first / batchSize;
                    for (int i = 0; i < size; i++) {
                        String key = "user-" + batchNumber + "-" + (i % keysPerBatch);
                        batch.add(event(key, payload));
                    }
                    for (PublishOutcome outcome : publisher.publish(batch)) {
                        if (!(outcome instanceof PublishOutcome.Published)) {
                            failures.incrementAndGet();
                        }
                    }
                }
                callerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                done.countDown();
            }, "relay-" + c);
            threads.add(thread);
            thread.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        long requests = emulator.putEventsRequests() - requestsBefore;
        long clientCpu = callerCpu.get() + poolCpu() - poolCpuBefore;
        System.out.printf("%-22s %8.0f events/s  %.3f requests/event  %6.1f us client CPU/request  %d not"
                        + " published  (%d events, %d requests, %.2f s)%n",
                name, events / (elapsed / 1e9), requests / (double) events, clientCpu / 1e3 / requests,
                failures.get(), events, requests, elapsed / 1e9);
    }

    private static void trickle(EventBridgeEmulator emulator, EventBridgePublisher publisher, int calls,
                                String payload) {
        long requestsBefore = emulator.putEventsRequests();
        long[] micros = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            publisher.publish(List.of(event("trickle-" + i, payload)));
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf("%-22s p50 %d us  p99 %d us  max %d us per single-event publish, %.3f requests/event%n",
                "trickle, 1 event/call", micros[calls / 2], micros[calls * 99 / 100], micros[calls - 1],
                (emulator.putEventsRequests() - requestsBefore) / (double) calls);
    }

    private static SerializedEvent event(String key, String payload) {
        Metadata metadata = Metadata.builder().messageId(UUID.randomUUID())
                .occurredAt(Instant.EPOCH.plusMillis(SEQUENCE.incrementAndGet())).tenant("acme").build();
        return new SerializedEvent("user.UserRegistered.v1", key, payload, metadata);
    }

    private static long poolCpu() {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("cqrs-eventbridge-")) {
                long cpu = THREADS.getThreadCpuTime(thread.getId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }
}
