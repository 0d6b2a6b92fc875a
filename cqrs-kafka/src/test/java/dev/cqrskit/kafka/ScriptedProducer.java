package dev.cqrskit.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

/**
 * Kafka's {@code MockProducer} that acknowledges every record at once, except those whose message id was scripted
 * to fail: their future fails with the scripted exception, as the real producer's does.
 */
final class ScriptedProducer extends MockProducer<byte[], byte[]> {

    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    final List<String> attempted = new CopyOnWriteArrayList<>();

    ScriptedProducer() {
        super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    ScriptedProducer failing(String messageId, RuntimeException failure) {
        failures.put(messageId, failure);
        return this;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        String id = new String(record.headers().lastHeader(KafkaEnvelope.MESSAGE_ID).value(), StandardCharsets.UTF_8);
        attempted.add(id);
        RuntimeException failure = failures.get(id);
        if (failure != null && !closed()) {
            return CompletableFuture.failedFuture(failure);
        }
        return super.send(record, callback);
    }
}
