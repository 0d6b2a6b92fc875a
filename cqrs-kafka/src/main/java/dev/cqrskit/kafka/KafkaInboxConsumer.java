package dev.cqrskit.kafka;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.inbox.Delivery;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Feeds Kafka records to an {@link InboxConsumer}: one thread polls a {@code KafkaConsumer}, reads each record back
 * with {@link KafkaEnvelope}, lets the inbox consumer handle the poll's records as one batch
 * ({@link InboxConsumer#consumeAll}: one database transaction while every handler succeeds, each record isolated
 * when one fails), and only then commits the records' offsets. Effects therefore happen once per message id however often Kafka delivers it.
 *
 * <pre>{@code
 * InboxConsumer mailer = new InboxConsumer("notification.verification-mail", transactions, codec, handler,
 *         ConsumerPolicy.defaults());
 * KafkaInboxConsumer consumer = new KafkaInboxConsumer(KafkaConsumerConfig.builder()
 *         .bootstrapServers("localhost:9092").groupId("notification.verification-mail").topics("users").build(),
 *         mailer).start();
 * ...
 * consumer.close();   // at shutdown: commits what was handled and leaves the group
 * }</pre>
 *
 * <ul>
 *   <li><b>Order</b>: records of one partition, and so of one ordering key, are handled one after another in
 *       offset order.</li>
 *   <li><b>Poison</b>: a record whose handler keeps failing, or that does not decode, is parked by the inbox
 *       consumer (and its key's later records held behind it), so the partition moves on. A record without a
 *       readable envelope is parked under a message id derived from its topic, partition and offset.</li>
 *   <li><b>Database outage</b>: when the inbox consumer can neither handle nor park a record, the consumer seeks
 *       back to it, pauses with backoff and tries again; nothing after it in its partition is committed.</li>
 *   <li><b>Rebalance</b>: handled offsets are committed when partitions are revoked; records handled but not yet
 *       committed when a partition moves are delivered again to the new owner and dropped by the inbox.</li>
 *   <li><b>Bounded waits</b>: each poll, commit and {@link #close()} has a deadline from the
 *       {@link KafkaConsumerConfig}. The worker catches every {@code Throwable}, logs it through SLF4J, backs off,
 *       and starts a fresh {@code KafkaConsumer}; {@link #isRunning()} says whether it is alive.</li>
 * </ul>
 *
 * <p>This class is threadsafe. {@link #start()} once, {@link #close()} once; run several (in this process or others)
 * with the same group id to share the partitions.
 *
 * @since 0.1.0
 */
public final class KafkaInboxConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaInboxConsumer.class);

    private final KafkaConsumerConfig config;
    private final InboxConsumer inbox;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    /** Offsets handled but not committed yet; touched by the worker thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private volatile Thread worker;
    private boolean started;

    /**
     * Creates a consumer; it does nothing until {@link #start()}.
     *
     * @param config the cluster, group, topics and timeouts
     * @param inbox  decodes, deduplicates and handles each record in one transaction
     */
    public KafkaInboxConsumer(KafkaConsumerConfig config, InboxConsumer inbox) {
        this(config, inbox, () -> new KafkaConsumer<>(config.kafkaConfig()));
    }

    /** Creates a consumer whose {@code KafkaConsumer}s come from a factory. */
    KafkaInboxConsumer(KafkaConsumerConfig config, InboxConsumer inbox, Supplier<Consumer<byte[], byte[]>> consumers) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
        this.consumers = Objects.requireNonNull(consumers, "consumers must not be null");
    }

    /**
     * Starts the poll thread.
     *
     * @return this consumer
     * @throws IllegalStateException if it was started or closed before
     */
    public synchronized KafkaInboxConsumer start() {
        if (started) {
            throw new IllegalStateException("This KafkaInboxConsumer was already started or closed; it starts once."
                    + " Create a new one instead.");
        }
        started = true;
        running = true;
        Thread thread = new Thread(this::run, "cqrs-kafka-consumer-" + inbox.name());
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        LOG.info("Kafka inbox consumer {} started on {} (group {})", inbox.name(), config.topics(), config.groupId());
        return this;
    }

    /** @return whether the consumer is started, not closed, and its poll thread alive */
    public boolean isRunning() {
        Thread thread = worker;
        return running && thread != null && thread.isAlive();
    }

    /**
     * Stops the consumer: the poll being handled finishes, handled offsets are committed, the group is left.
     * Waits up to the close timeout, then interrupts the poll thread. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            started = true;
            if (!running) {
                return;
            }
            running = false;
        }
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = worker;
        if (thread == null) {
            return;
        }
        try {
            thread.join(config.closeTimeout().toMillis());
            if (thread.isAlive()) {
                LOG.warn("Kafka inbox consumer {} did not stop within {}; interrupting it", inbox.name(),
                        config.closeTimeout());
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Kafka inbox consumer {} stopped", inbox.name());
    }

    private void run() {
        int failures = 0;
        while (running) {
            Consumer<byte[], byte[]> current = null;
            try {
                current = consumers.get();
                consumer = current;
                if (!running) {
                    break;
                }
                current.subscribe(config.topics(), new CommitOnRevoke(current));
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = current.poll(config.pollTimeout());
                    boolean stalled = handle(current, records);
                    commit(current);
                    if (stalled) {
                        failures++;
                        pause(failures);
                    } else {
                        failures = 0;
                    }
                }
            } catch (WakeupException wakeup) {
                if (running) {
                    LOG.warn("Kafka inbox consumer {} was woken up while running; polling again", inbox.name());
                }
            } catch (Throwable failure) {
                failures++;
                LOG.error("Kafka inbox consumer {} failed (failure {} in a row); starting a new KafkaConsumer after"
                        + " a pause", inbox.name(), failures, failure);
            } finally {
                if (current != null) {
                    finish(current);
                }
            }
            if (running && failures > 0) {
                pause(failures);
            }
        }
    }

    /**
     * Hands a poll's records to the inbox consumer as one batch (one transaction while every handler succeeds) and
     * records the handled offsets; returns whether it stopped at a record the inbox could not take, in which case
     * every partition is sought back to its first record not taken.
     */
    private boolean handle(Consumer<byte[], byte[]> current, ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return false;
        }
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        List<TopicPartition> partitions = new ArrayList<>(records.count());
        List<SerializedEvent> events = new ArrayList<>(records.count());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                polled.add(record);
                partitions.add(partition);
                events.add(eventOf(record));
            }
        }
        List<Delivery> outcomes = inbox.consumeAll(events);
        for (int i = 0; i < outcomes.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = polled.get(i);
            LOG.trace("{}-{}@{}: {}", record.topic(), record.partition(), record.offset(), outcomes.get(i));
            handled.put(partitions.get(i), new OffsetAndMetadata(record.offset() + 1));
        }
        if (outcomes.size() == polled.size()) {
            return false;
        }
        ConsumerRecord<byte[], byte[]> stuck = polled.get(outcomes.size());
        LOG.warn("Kafka inbox consumer {} could not take record {}-{}@{} (the inbox consumer logged why). Seeking"
                + " back to it and pausing.", inbox.name(), stuck.topic(), stuck.partition(), stuck.offset());
        Set<TopicPartition> sought = new HashSet<>();
        for (int i = outcomes.size(); i < polled.size(); i++) {
            if (sought.add(partitions.get(i))) {
                current.seek(partitions.get(i), polled.get(i).offset());
            }
        }
        return true;
    }

    private SerializedEvent eventOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return KafkaEnvelope.read(record);
        } catch (IllegalArgumentException unreadable) {
            // Parked, never dropped: an unregistered type makes the inbox consumer park it with its payload.
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            UUID id = UUID.nameUUIDFromBytes(where.getBytes(StandardCharsets.UTF_8));
            String type = KafkaEnvelope.text(record.headers(), KafkaEnvelope.EVENT_TYPE);
            LOG.error("Kafka inbox consumer {} parks record {} as message {}: {}", inbox.name(), where, id,
                    unreadable.getMessage());
            return new SerializedEvent("unreadable-envelope:" + (type == null ? "unknown" : type),
                    KafkaEnvelope.keyOf(record), KafkaEnvelope.payloadOf(record),
                    Metadata.builder().messageId(id).correlationId(id)
                            .occurredAt(Instant.ofEpochMilli(Math.max(0, record.timestamp()))).build());
        }
    }

    private void commit(Consumer<byte[], byte[]> current) {
        if (handled.isEmpty()) {
            return;
        }
        try {
            current.commitSync(Map.copyOf(handled), config.commitTimeout());
            handled.clear();
        } catch (WakeupException wakeup) {
            throw wakeup;
        } catch (RuntimeException failure) {
            // Keep what may still be ours; the inbox drops whatever is delivered again.
            handled.keySet().retainAll(current.assignment());
            LOG.warn("Kafka inbox consumer {} could not commit offsets: {}", inbox.name(), failure.toString());
        }
    }

    private void finish(Consumer<byte[], byte[]> current) {
        try {
            try {
                commit(current);
            } catch (WakeupException wakeup) {
                commit(current); // the wakeup meant for poll hit the commit: commit again
            }
        } catch (RuntimeException e) {
            LOG.warn("Kafka inbox consumer {} could not commit its last offsets: {}", inbox.name(), e.toString());
        }
        handled.clear();
        try {
            current.close(config.closeTimeout());
        } catch (RuntimeException e) {
            LOG.warn("Kafka inbox consumer {} could not close its KafkaConsumer cleanly: {}", inbox.name(),
                    e.toString());
        }
        consumer = null;
    }

    private void pause(int failures) {
        try {
            TimeUnit.NANOSECONDS.sleep(config.backoff().delay(failures).toNanos());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Commits handled offsets of partitions that leave this consumer; forgets those that were lost. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> current;

        CommitOnRevoke(Consumer<byte[], byte[]> current) {
            this.current = current;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = handled.remove(partition);
                if (offset != null) {
                    leaving.put(partition, offset);
                }
            }
            if (leaving.isEmpty()) {
                return;
            }
            try {
                current.commitSync(leaving, config.commitTimeout());
            } catch (RuntimeException failure) {
                LOG.warn("Kafka inbox consumer {} could not commit offsets of revoked partitions {}: {}; the new"
                        + " owner gets those records again and the inbox drops them", inbox.name(), leaving.keySet(),
                        failure.toString());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("Kafka inbox consumer {} was assigned {}", inbox.name(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(handled::remove);
        }
    }
}
