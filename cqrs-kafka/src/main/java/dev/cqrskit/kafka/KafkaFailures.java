package dev.cqrskit.kafka;

import dev.cqrskit.core.publish.PublishOutcome;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.util.UUID;

/**
 * Classifies what a send or an acknowledgement failed with. Stateless and threadsafe.
 * <ul>
 *   <li>systemic (the deployment, not the event): authentication and authorization failures, a missing topic
 *       (auto-creation off), a fenced producer, a broker too old, a security misconfiguration;</li>
 *   <li>permanent (the event can never go as it is): too large, unserializable, invalid topic or record;</li>
 *   <li>retryable: everything else, first of all Kafka's {@code RetriableException}s (timeouts, not enough
 *       replicas, not leader) that outlived the producer's own retries within {@code delivery.timeout.ms}.</li>
 * </ul>
 */
final class KafkaFailures {

    enum Kind { RETRYABLE, PERMANENT, SYSTEMIC }

    private KafkaFailures() {
    }

    static Kind kindOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException
                || cause instanceof UnknownTopicOrPartitionException || cause instanceof ProducerFencedException
                || cause instanceof UnsupportedVersionException || cause instanceof SecurityDisabledException
                || cause instanceof InvalidConfigurationException || isMissingTopic(cause)) {
            return Kind.SYSTEMIC;
        }
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof SerializationException || cause instanceof InvalidTopicException
                || cause instanceof InvalidRecordException) {
            return Kind.PERMANENT;
        }
        return Kind.RETRYABLE;
    }

    /**
     * Says whether the producer behind this failure cannot send any more and must be replaced: it was fenced,
     * closed, or lost its idempotent sequence.
     */
    static boolean breaksProducer(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof ProducerFencedException || cause instanceof OutOfOrderSequenceException
                || cause instanceof UnknownProducerIdException
                || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("closed"))
                || (cause instanceof KafkaException && String.valueOf(cause.getMessage()).contains("closed"));
    }

    /**
     * With {@code auto.create.topics.enable=false} a send to a missing topic waits {@code max.block.ms} for
     * metadata and fails with this timeout. A cluster that does not answer at all fails the same way; either is a
     * fault of the deployment, so both pause the relay rather than count attempts.
     */
    static boolean isMissingTopic(Throwable cause) {
        return cause instanceof TimeoutException && String.valueOf(cause.getMessage()).contains("not present in metadata");
    }

    static PublishOutcome outcome(UUID messageId, String topic, Throwable failure) {
        Throwable cause = unwrap(failure);
        String reason = "Kafka send to topic '" + topic + "' failed: " + cause.getClass().getSimpleName() + ": "
                + cause.getMessage();
        return switch (kindOf(cause)) {
            case SYSTEMIC -> PublishOutcome.systemic(messageId, reason + fixOf(cause, topic));
            case PERMANENT -> PublishOutcome.permanent(messageId, reason);
            case RETRYABLE -> PublishOutcome.retryable(messageId, reason);
        };
    }

    private static String fixOf(Throwable cause, String topic) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return ". Create topic '" + topic + "' (auto-creation is off) or fix the KafkaMapping.";
        }
        if (isMissingTopic(cause)) {
            // The same timeout comes when no broker answers at all: both are faults of the deployment.
            return ". Create topic '" + topic + "' (auto-creation is off) or fix the KafkaMapping; if the topic"
                    + " exists, the cluster did not answer: check bootstrap.servers and the brokers.";
        }
        if (cause instanceof AuthorizationException) {
            return ". Grant WRITE and DESCRIBE on topic '" + topic + "' (and IDEMPOTENT_WRITE on the cluster for"
                    + " older brokers) to the principal in use.";
        }
        if (cause instanceof AuthenticationException) {
            return ". Check the credentials and security.protocol / sasl.* producer properties.";
        }
        return ". This is a fault of the deployment; publishing pauses until it is fixed.";
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
