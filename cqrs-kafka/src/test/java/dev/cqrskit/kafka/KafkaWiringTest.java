package dev.cqrskit.kafka;

import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The composition root shown in docs/kafka.md and the module README; built here so it cannot drift. */
class KafkaWiringTest {

    private final Jdbi jdbi = Jdbi.create("jdbc:postgresql://localhost:5432/app");
    private final EventCodec codec = KafkaFixtures.CODEC;

    @Test
    void wiresThePublisherBehindTheRelayAndTheConsumerBeforeTheInbox() {
        List<String> mails = new java.util.ArrayList<>();
        // tag::wiring[]
        // Producing side: the relay hands claimed outbox batches to the Kafka publisher.
        KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaPublisherConfig.builder()
                .bootstrapServers("localhost:9092")
                .mapping(KafkaMapping.builder()
                        .topic("user.UserRegistered.v1", "users")
                        .defaultTopic("domain-events")
                        .build())
                .build());
        OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.defaults());

        // Consuming side: Kafka records -> inbox -> handler, one transaction; offsets committed after it.
        InboxConsumer welcomeMails = new InboxConsumer("notification.welcome-mail",
                new JdbiTransactionBoundary(jdbi), codec,
                (message, handle) -> mails.add(message.metadata().messageId().toString()),
                ConsumerPolicy.defaults());
        KafkaInboxConsumer consumer = new KafkaInboxConsumer(KafkaConsumerConfig.builder()
                .bootstrapServers("localhost:9092")
                .groupId("notification.welcome-mail")
                .topics("users")
                .build(), welcomeMails);

        // relay.start(); consumer.start();   ... at shutdown: consumer.close(); relay.close(); publisher.close();
        // end::wiring[]
        assertThat(relay.isRunning()).isFalse();
        assertThat(consumer.isRunning()).isFalse();
        consumer.close();
        publisher.close();
    }
}
