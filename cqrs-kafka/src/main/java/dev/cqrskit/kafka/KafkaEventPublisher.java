package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes outbox events to Apache Kafka: one outcome per event, never an exception for a partial failure.
 *
 * <p>How a batch is sent:
 * <ul>
 *   <li>Each event becomes a record by {@link KafkaEnvelope}: key = the ordering key (so one key stays on one
 *       partition), value = the JSON payload, metadata in headers; its topic comes from the {@link KafkaMapping}.</li>
 *   <li>The batch goes in rounds: round <i>n</i> sends the <i>n</i>-th event of every key whose earlier events were
 *       acknowledged, all keys at once, and waits for their acknowledgements. A later event of a key is therefore
 *       never written before an earlier one that failed: when an event fails, the later events of its key are
 *       reported retryable without being sent.</li>
 *   <li>The producer is idempotent ({@code enable.idempotence=true}, {@code acks=all}, at most 5 requests in
 *       flight), so its own retries neither duplicate nor reorder a partition.</li>
 *   <li>Every wait is bounded: a send waits at most {@code max.block.ms} for metadata or buffer space, Kafka gives
 *       up on a record after {@code delivery.timeout.ms}, and the whole call returns by its publish timeout, reporting
 *       records not yet acknowledged as retryable.</li>
 *   <li>Failures are classified per record: authentication, authorization, a missing topic (auto-creation off) and a
 *       fenced producer are <em>systemic</em> (the relay pauses, never parks); a record too large, an invalid topic
 *       or an unserializable record is <em>permanent</em> (parked); everything else, such as timeouts, not enough
 *       replicas or a leader change, is <em>retryable</em>. A producer that was closed, fenced or lost its
 *       sequence is replaced by a new one.</li>
 *   <li>A call in which records timed out and none was acknowledged means no broker answers (an outage, a restart,
 *       a network partition): its retryable outcomes become <em>systemic</em>, so an outage pauses the relay
 *       without counting attempts however long it lasts, instead of parking every key's head.</li>
 * </ul>
 *
 * <pre>{@code
 * KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
 *         .bootstrapServers("localhost:9092")
 *         .mapping(KafkaMapping.builder().topic("user.UserRegistered.v1", "users").defaultTopic("events").build())
 *         .build());
 * OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.defaults()).start();
 * }</pre>
 *
 * <p>This class is threadsafe: several relays may share one publisher (and its one producer). {@link #close()}
 * closes the producer.
 *
 * @since 0.1.0
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final KafkaPublisherConfig config;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;
    private boolean closed;

    /**
     * Creates a publisher and its producer.
     *
     * @param config the cluster, mapping and timeouts
     */
    public KafkaEventPublisher(KafkaPublisherConfig config) {
        this(config, () -> new KafkaProducer<>(config.producerConfig()));
    }

    /** Creates a publisher whose producers come from a factory (tests use Kafka's {@code MockProducer}). */
    KafkaEventPublisher(KafkaPublisherConfig config, Supplier<Producer<byte[], byte[]>> producers) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.producers = Objects.requireNonNull(producers, "producers must not be null");
        this.producer = Objects.requireNonNull(producers.get(), "the producer factory returned null");
    }

    /**
     * Publishes a batch; see the class description for the rounds, timeouts and classification.
     *
     * @param batch the events, in order per key
     * @return one outcome per event, in the batch's order
     * @throws IllegalStateException if the publisher is closed
     */
    @Override
    public List<PublishOutcome> publish(List<SerializedEvent> batch) {
        Objects.requireNonNull(batch, "batch must not be null");
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        PublishOutcome[] outcomes = new PublishOutcome[batch.size()];
        Map<String, ArrayDeque<Integer>> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            SerializedEvent event = Objects.requireNonNull(batch.get(i), "batch must not contain null events");
            pending.computeIfAbsent(event.key(), key -> new ArrayDeque<>()).add(i);
        }
        Map<String, Throwable> brokenTopics = new HashMap<>();
        boolean[] timedOut = {false};
        while (!pending.isEmpty()) {
            List<InFlight> round = new ArrayList<>(pending.size());
            Map<String, Integer> taken = new HashMap<>();
            for (Map.Entry<String, ArrayDeque<Integer>> key : pending.entrySet()) {
                int index = key.getValue().poll();
                taken.put(key.getKey(), index);
                InFlight sent = send(index, batch.get(index), outcomes, brokenTopics, deadline, timedOut);
                if (sent != null) {
                    round.add(sent);
                }
            }
            for (InFlight inFlight : round) {
                outcomes[inFlight.index] = await(inFlight, batch.get(inFlight.index), brokenTopics, deadline,
                        timedOut);
            }
            holdBackKeysThatFailed(batch, pending, taken, outcomes);
        }
        if (timedOut[0]) {
            silentCluster(outcomes);
        }
        return List.of(outcomes);
    }

    /**
     * A call in which records timed out and not one was acknowledged says that no broker answers (a cluster down,
     * restarting, or unreachable): a fault of the deployment, not of these events. Counting it as attempts would
     * park every key's head once an outage outlasts the relay's attempts, so its retryable outcomes become systemic:
     * the relay pauses, counts nothing, and resumes by itself. A call in which anything was acknowledged keeps its
     * timeouts retryable.
     */
    private static void silentCluster(PublishOutcome[] outcomes) {
        for (PublishOutcome outcome : outcomes) {
            if (outcome instanceof PublishOutcome.Published) {
                return;
            }
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] instanceof PublishOutcome.RetryableFailure retryable) {
                outcomes[i] = PublishOutcome.systemic(retryable.messageId(), "Kafka acknowledged none of the "
                        + outcomes.length + " record(s) of this call in time; no broker answers: check"
                        + " bootstrap.servers and the brokers (publishing resumes by itself). " + retryable.reason());
            }
        }
    }

    private InFlight send(int index, SerializedEvent event, PublishOutcome[] outcomes,
                          Map<String, Throwable> brokenTopics, long deadline, boolean[] timedOut) {
        String topic;
        try {
            topic = config.mapping().topicOf(event);
        } catch (RuntimeException e) {
            outcomes[index] = PublishOutcome.permanent(event.messageId(), "No Kafka topic for event type '"
                    + event.type() + "': " + e.getMessage());
            return null;
        }
        Throwable topicFailure = brokenTopics.get(topic);
        if (topicFailure != null) {
            outcomes[index] = KafkaFailures.outcome(event.messageId(), topic, topicFailure);
            return null;
        }
        if (System.nanoTime() - deadline >= 0) {
            outcomes[index] = PublishOutcome.retryable(event.messageId(), "Not sent: the publish timeout ("
                    + config.publishTimeout() + ") passed before this event's turn");
            return null;
        }
        Producer<byte[], byte[]> current = current();
        try {
            return new InFlight(index, topic, current, current.send(KafkaEnvelope.toRecord(topic, event)));
        } catch (RuntimeException failure) {
            outcomes[index] = failed(event, topic, current, failure, brokenTopics, timedOut);
            return null;
        }
    }

    private PublishOutcome await(InFlight inFlight, SerializedEvent event, Map<String, Throwable> brokenTopics,
                                 long deadline, boolean[] timedOut) {
        try {
            RecordMetadata written = inFlight.future.get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            return PublishOutcome.published(event.messageId(),
                    written.topic() + "-" + written.partition() + "@" + written.offset());
        } catch (ExecutionException failure) {
            return failed(event, inFlight.topic, inFlight.producer, failure.getCause(), brokenTopics, timedOut);
        } catch (TimeoutException late) {
            timedOut[0] = true;
            return PublishOutcome.retryable(event.messageId(), "Kafka did not acknowledge the record within the"
                    + " publish timeout (" + config.publishTimeout() + "); it may still be written, and then comes"
                    + " again (the inbox drops the copy)");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return PublishOutcome.retryable(event.messageId(), "Interrupted while waiting for Kafka's"
                    + " acknowledgement");
        }
    }

    private PublishOutcome failed(SerializedEvent event, String topic, Producer<byte[], byte[]> used,
                                  Throwable failure, Map<String, Throwable> brokenTopics, boolean[] timedOut) {
        Throwable cause = KafkaFailures.unwrap(failure);
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            timedOut[0] = true; // a record expired in the producer (delivery.timeout.ms) or metadata never came
        }
        if (KafkaFailures.isMissingTopic(cause)) {
            // Every later send to this topic would wait max.block.ms for the same answer.
            brokenTopics.put(topic, cause);
        }
        if (KafkaFailures.breaksProducer(cause)) {
            replace(used, cause);
        }
        PublishOutcome outcome = KafkaFailures.outcome(event.messageId(), topic, cause);
        LOG.debug("Kafka send of message {} ({}) failed: {}", event.messageId(), event.type(), outcome);
        return outcome;
    }

    private static void holdBackKeysThatFailed(List<SerializedEvent> batch, Map<String, ArrayDeque<Integer>> pending,
                                               Map<String, Integer> taken, PublishOutcome[] outcomes) {
        pending.entrySet().removeIf(key -> {
            int last = taken.get(key.getKey());
            if (outcomes[last] instanceof PublishOutcome.Published) {
                return key.getValue().isEmpty();
            }
            for (int later : key.getValue()) {
                outcomes[later] = PublishOutcome.retryable(batch.get(later).messageId(), "Held back: message "
                        + batch.get(last).messageId() + " before it with key '" + key.getKey()
                        + "' was not published");
            }
            return true;
        });
    }

    private synchronized Producer<byte[], byte[]> current() {
        if (closed) {
            throw new IllegalStateException("This KafkaEventPublisher is closed; create a new one to publish again.");
        }
        return producer;
    }

    /** Replaces a producer that can no longer send; a no-op if another thread replaced it already. */
    private void replace(Producer<byte[], byte[]> broken, Throwable cause) {
        synchronized (this) {
            if (closed || producer != broken) {
                return;
            }
            try {
                producer = Objects.requireNonNull(producers.get(), "the producer factory returned null");
            } catch (RuntimeException e) {
                LOG.error("Could not create a new Kafka producer to replace one that failed with {}: {}."
                        + " The next publish tries again.", cause, e.toString());
                return;
            }
        }
        LOG.warn("Replaced the Kafka producer after {}", cause.toString());
        try {
            broken.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("Closing the replaced Kafka producer failed", e);
        }
    }

    /** Closes the producer, waiting up to {@code max.block.ms} for records in flight. Idempotent. */
    @Override
    public void close() {
        Producer<byte[], byte[]> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = producer;
        }
        last.close(config.maxBlock());
    }

    private record InFlight(int index, String topic, Producer<byte[], byte[]> producer,
                            Future<RecordMetadata> future) {
    }
}
