package dev.cqrskit.eventbridge;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes outbox events to Amazon EventBridge with PutEvents: one outcome per event, never an exception for a
 * partial failure.
 *
 * <p>How a batch is sent:
 * <ul>
 *   <li>Each event becomes an entry by its type's {@link EventMapping}; its {@code Detail} is the payload inside an
 *       envelope of metadata (see {@code docs/eventbridge.md}), its {@code Time} the occurred-at, its
 *       {@code TraceHeader} the X-Ray form of the {@code traceparent} header.</li>
 *   <li>The batch is sent in rounds. Round <i>n</i> holds the <i>n</i>-th event of every key whose earlier events
 *       were all published; its entries are packed into calls of at most
 *       {@link EventBridgePublisherConfig#maxEntriesPerRequest()} entries and
 *       {@link EventBridgePublisherConfig#maxRequestBytes()} bytes by AWS's entry-size formula, sent up to
 *       {@link EventBridgePublisherConfig#maxConcurrentRequests()} at once. A call never holds two events of one
 *       key, so a partial failure can never publish a later event of a key before an earlier one.</li>
 *   <li>When an event of a key fails, the key's later events are not sent and are reported retryable.</li>
 *   <li>A call's entries total less than the size limit, as AWS requires ("must be less than"). An entry whose size
 *       alone reaches the limit is a permanent failure, as is an event whose mapping throws (e.g. a default detail
 *       type, the type name, over EventBridge's 128 characters).</li>
 *   <li>Failures are classified by whose fault they are (details in {@code Failures} and
 *       {@code docs/eventbridge.md}). Entry codes {@code ThrottlingException} and {@code InternalFailure} are
 *       retryable; authorization codes ({@code AccessDeniedException}, {@code NotAuthorizedForSourceException},
 *       {@code NotAuthorizedForDetailTypeException}) are {@linkplain PublishOutcome.SystemicFailure systemic};
 *       the others ({@code InvalidArgument}, {@code MalformedDetail}) permanent. Whole-call failures: throttling,
 *       429, 5xx, timeouts and connection errors are retryable; authentication, authorization, signing, KMS and a
 *       missing bus are systemic for every event of the call, which the relay never parks.</li>
 *   <li>A call refused as a whole for its content (a {@code ValidationException}, e.g. a total size over the
 *       region's limit) is split in halves and retried until the entry EventBridge refuses is alone: only that
 *       entry fails, permanently, and its neighbours are published. When no entry is refused this costs nothing:
 *       the calls are those described above.</li>
 * </ul>
 * The SDK's own retries repeat a whole call inside {@code publish}; the outbox relay retries per event with backoff
 * and parks poison events. Build the client with {@link EventBridgeClients#create(EventBridgeClientConfig)}, whose
 * default turns SDK retries off so the relay is the one place retries happen.
 *
 * <pre>{@code
 * EventBridgeClient client = EventBridgeClients.create(EventBridgeClientConfig.builder().region("eu-west-1").build());
 * EventBridgePublisher publisher = new EventBridgePublisher(client, EventBridgePublisherConfig.builder()
 *         .defaultMapping(EventMapping.builder().source("com.example.users").build())
 *         .build());
 * List<PublishOutcome> outcomes = publisher.publish(batch);
 * }</pre>
 *
 * <p>This class is threadsafe: several relays may share one publisher, and the bound on calls in flight holds
 * across all of them. {@link #close()} stops its threads; it closes the client only if
 * {@link #create(EventBridgeClientConfig, EventBridgePublisherConfig)} built it, otherwise the caller owns it.
 *
 * @since 0.1.0
 */
public final class EventBridgePublisher implements EventPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgePublisher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final EventBridgeClient client;
    private final EventBridgePublisherConfig config;
    private final Semaphore inFlight;
    private final ThreadPoolExecutor pool;
    private final boolean ownsClient;

    /**
     * Creates a publisher on a client the caller owns. Give the client at least
     * {@link EventBridgePublisherConfig#maxConcurrentRequests()} connections; {@link #create} checks that for you.
     *
     * @param client the EventBridge client, owned by the caller
     * @param config the mapping and batching configuration
     */
    public EventBridgePublisher(EventBridgeClient client, EventBridgePublisherConfig config) {
        this(client, config, false);
    }

    /**
     * Builds the client with {@link EventBridgeClients#create(EventBridgeClientConfig)} and a publisher that owns it,
     * after checking that the client has a connection for every call the publisher keeps in flight.
     *
     * <pre>{@code
     * EventBridgePublisher publisher = EventBridgePublisher.create(
     *         EventBridgeClientConfig.builder().region("eu-west-1").maxConnections(16).build(),
     *         EventBridgePublisherConfig.builder().maxConcurrentRequests(8).build());
     * }</pre>
     *
     * @param clientConfig the client's configuration
     * @param config       the mapping and batching configuration
     * @return a publisher that closes its client when it is closed
     * @throws IllegalArgumentException if {@code maxConcurrentRequests} exceeds the client's {@code maxConnections};
     *                                  the message names both
     * @since 0.1.0
     */
    public static EventBridgePublisher create(EventBridgeClientConfig clientConfig, EventBridgePublisherConfig config) {
        Objects.requireNonNull(clientConfig, "clientConfig must not be null");
        Objects.requireNonNull(config, "config must not be null").requireConnectionsFor(clientConfig);
        return new EventBridgePublisher(EventBridgeClients.create(clientConfig), config, true);
    }

    private EventBridgePublisher(EventBridgeClient client, EventBridgePublisherConfig config, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.ownsClient = ownsClient;
        this.inFlight = new Semaphore(config.maxConcurrentRequests());
        this.pool = new ThreadPoolExecutor(config.maxConcurrentRequests(), config.maxConcurrentRequests(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, "cqrs-eventbridge-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Publishes a batch; see the class description for how it is split into calls.
     *
     * @param batch the events, in order per key
     * @return one outcome per event, in the batch's order
     * @throws IllegalStateException if the publisher is closed
     */
    @Override
    public List<PublishOutcome> publish(List<SerializedEvent> batch) {
        Objects.requireNonNull(batch, "batch must not be null");
        if (pool.isShutdown()) {
            throw new IllegalStateException("This EventBridgePublisher is closed; create a new one to publish again.");
        }
        PublishOutcome[] outcomes = new PublishOutcome[batch.size()];
        Map<String, ArrayDeque<Integer>> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            SerializedEvent event = Objects.requireNonNull(batch.get(i), "batch must not contain null events");
            pending.computeIfAbsent(event.key(), key -> new ArrayDeque<>()).add(i);
        }
        Map<String, Integer> lastTaken = new HashMap<>();
        while (!pending.isEmpty()) {
            List<MappedEntry> round = new ArrayList<>(pending.size());
            for (Map.Entry<String, ArrayDeque<Integer>> key : pending.entrySet()) {
                int index = key.getValue().poll();
                lastTaken.put(key.getKey(), index);
                MappedEntry entry = map(index, batch.get(index), outcomes);
                if (entry != null) {
                    round.add(entry);
                }
            }
            send(pack(round), outcomes);
            holdBackKeysThatFailed(batch, pending, lastTaken, outcomes);
        }
        return List.of(outcomes);
    }

    private MappedEntry map(int index, SerializedEvent event, PublishOutcome[] outcomes) {
        MappedEntry entry;
        try {
            entry = MappedEntry.of(index, event, config.mappingFor(event.type()));
        } catch (RuntimeException e) {
            outcomes[index] = PublishOutcome.permanent(event.messageId(), "Mapping event type '" + event.type()
                    + "' to an EventBridge entry failed: " + e + ". Fix the EventMapping of this type.");
            return null;
        }
        if (entry.size() >= config.maxRequestBytes()) {
            outcomes[index] = PublishOutcome.permanent(event.messageId(), "The EventBridge entry of event type '"
                    + event.type() + "' is " + entry.size() + " bytes by AWS's entry-size formula; EventBridge accepts"
                    + " less than " + config.maxRequestBytes() + " bytes. Make the payload smaller, e.g. publish a"
                    + " reference to the data instead of the data.");
            return null;
        }
        return entry;
    }

    private List<List<MappedEntry>> pack(List<MappedEntry> round) {
        List<List<MappedEntry>> requests = new ArrayList<>();
        List<MappedEntry> current = new ArrayList<>();
        long bytes = 0;
        for (MappedEntry entry : round) {
            if (!current.isEmpty() && (current.size() == config.maxEntriesPerRequest()
                    || bytes + entry.size() >= config.maxRequestBytes())) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entry);
            bytes += entry.size();
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    private void send(List<List<MappedEntry>> requests, PublishOutcome[] outcomes) {
        if (requests.isEmpty()) {
            return;
        }
        List<Future<?>> others = new ArrayList<>(requests.size() - 1);
        for (List<MappedEntry> request : requests.subList(1, requests.size())) {
            others.add(pool.submit(() -> put(request, outcomes)));
        }
        put(requests.get(0), outcomes);
        for (int i = 0; i < others.size(); i++) {
            try {
                others.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                markUnfinished(requests.get(i + 1), outcomes, "the publishing thread was interrupted");
            } catch (ExecutionException e) {
                markUnfinished(requests.get(i + 1), outcomes, "sending failed: " + e.getCause());
            }
        }
    }

    private void put(List<MappedEntry> request, PublishOutcome[] outcomes) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markUnfinished(request, outcomes, "the publishing thread was interrupted");
            return;
        }
        Failures.RequestFailure failure;
        try {
            List<PutEventsRequestEntry> entries = new ArrayList<>(request.size());
            request.forEach(entry -> entries.add(entry.entry()));
            List<PutEventsResultEntry> results =
                    client.putEvents(PutEventsRequest.builder().entries(entries).build()).entries();
            for (int i = 0; i < request.size(); i++) {
                MappedEntry entry = request.get(i);
                outcomes[entry.index()] = outcome(entry, i < results.size() ? results.get(i) : null, results.size(),
                        request.size());
            }
            return;
        } catch (RuntimeException e) {
            LOG.debug("PutEvents with {} entries failed as a whole", request.size(), e);
            failure = Failures.ofRequest(e);
        } finally {
            inFlight.release();
        }
        if (failure.kind() == Failures.Kind.REFUSED && request.size() > 1) {
            // One bad entry must not fail its neighbours: halve the call until the entry EventBridge refuses is
            // alone. The halves hold at most one event per key, like the call, so their order does not matter.
            LOG.debug("PutEvents refused a call of {} entries ({}); retrying it in halves", request.size(),
                    failure.reason());
            int half = request.size() / 2;
            put(request.subList(0, half), outcomes);
            put(request.subList(half, request.size()), outcomes);
            return;
        }
        for (MappedEntry entry : request) {
            outcomes[entry.index()] = failure.outcome(entry.event().messageId());
        }
    }

    private static PublishOutcome outcome(MappedEntry entry, PutEventsResultEntry result, int results, int sent) {
        if (result == null) {
            return PublishOutcome.retryable(entry.event().messageId(), "EventBridge answered " + results
                    + " results for " + sent + " entries; this entry has none");
        }
        if (result.errorCode() != null) {
            return Failures.ofEntry(entry.event().messageId(), result.errorCode(), result.errorMessage());
        }
        if (result.eventId() == null) {
            return PublishOutcome.retryable(entry.event().messageId(), "EventBridge returned neither an event id nor"
                    + " an error code for this entry");
        }
        return PublishOutcome.published(entry.event().messageId(), result.eventId());
    }

    private static void markUnfinished(List<MappedEntry> request, PublishOutcome[] outcomes, String why) {
        for (MappedEntry entry : request) {
            if (outcomes[entry.index()] == null) {
                outcomes[entry.index()] = PublishOutcome.retryable(entry.event().messageId(),
                        "Not known whether EventBridge accepted the entry: " + why);
            }
        }
    }

    private static void holdBackKeysThatFailed(List<SerializedEvent> batch, Map<String, ArrayDeque<Integer>> pending,
                                               Map<String, Integer> lastTaken, PublishOutcome[] outcomes) {
        for (Iterator<Map.Entry<String, ArrayDeque<Integer>>> keys = pending.entrySet().iterator(); keys.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Integer>> key = keys.next();
            if (key.getValue().isEmpty()) {
                keys.remove();
                continue;
            }
            PublishOutcome before = outcomes[lastTaken.get(key.getKey())];
            if (before instanceof PublishOutcome.Published) {
                continue;
            }
            String reason = "Not sent, to keep the order of key '" + key.getKey() + "': its earlier event "
                    + before.messageId() + " was not published (" + before.getClass().getSimpleName() + ")";
            // Behind a fault of the deployment the later events are not at fault either: no attempt counts.
            boolean systemic = before instanceof PublishOutcome.SystemicFailure;
            for (int index : key.getValue()) {
                UUID id = batch.get(index).messageId();
                outcomes[index] = systemic ? PublishOutcome.systemic(id, reason) : PublishOutcome.retryable(id, reason);
            }
            keys.remove();
        }
    }

    /** Stops the publisher's threads; calls in progress finish. Closes the client only if this publisher built it. */
    @Override
    public void close() {
        pool.shutdown();
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "EventBridgePublisher[" + config + "]";
    }
}
