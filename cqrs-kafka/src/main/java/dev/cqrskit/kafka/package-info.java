/**
 * Apache Kafka for cqrs-kit: {@link dev.cqrskit.kafka.KafkaEventPublisher} relays outbox events to topics with an
 * idempotent producer, {@link dev.cqrskit.kafka.KafkaInboxConsumer} consumes them into an
 * {@link dev.cqrskit.outbox.inbox.InboxConsumer}, and {@link dev.cqrskit.kafka.KafkaEnvelope} owns the record
 * headers both sides agree on. See {@code docs/kafka.md}.
 *
 * @since 0.1.0
 */
package dev.cqrskit.kafka;
