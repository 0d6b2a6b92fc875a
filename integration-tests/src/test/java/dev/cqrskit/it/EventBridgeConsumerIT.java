package dev.cqrskit.it;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.eventbridge.EnvelopeFormatException;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.eventbridge.EventMapping;
import dev.cqrskit.eventbridge.consumer.EmulatorTarget;
import dev.cqrskit.eventbridge.consumer.EventBridgeConsumer;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import dev.cqrskit.eventbridge.emulator.EventQueue;
import dev.cqrskit.eventbridge.emulator.Faults;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.Delivery;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.InboxOperations;
import dev.cqrskit.outbox.inbox.MessageHandler;
import dev.cqrskit.outbox.inbox.ParkedDelivery;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.outbox.schema.CqrsSchema;
import dev.cqrskit.test.postgres.PostgresDatabase;
import dev.cqrskit.test.postgres.PostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both directions of EventBridge on a real PostgreSQL: outbox -> relay -> {@link EventBridgePublisher} -> emulator ->
 * {@link EmulatorTarget} -> {@link EventBridgeConsumer} -> inbox, and the Lambda entry point fed the JSON of an event
 * as AWS documents it.
 */
@ExtendWith(PostgresExtension.class)
class EventBridgeConsumerIT {

    private static final String TYPE = "it.UserRegistered.v1";
    private static final ConsumerPolicy FAST = ConsumerPolicy.builder().maxAttempts(2)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
    private static final AtomicInteger CONSUMERS = new AtomicInteger();

    /** The event of these tests: a user's registration, numbered within the user. */
    record UserRegistered(String user, int seq) implements DomainEvent {
    }

    private static Jdbi jdbi;
    private static EventCodec codec;

    private final Map<UUID, Metadata> contexts = new ConcurrentHashMap<>();
    private final AtomicBoolean failOnPoison = new AtomicBoolean(true);
    private String consumerName;
    private EventBridgeEmulator emulator;
    private EventBridgePublisher publisher;
    private EmulatorTarget target;

    @BeforeAll
    static void installSchema(PostgresDatabase database) {
        jdbi = Jdbi.create(database.dataSource());
        CqrsSchema.install(jdbi);
        jdbi.useHandle(h -> h.execute("CREATE TABLE effects (consumer TEXT NOT NULL, what TEXT NOT NULL)"));
        codec = new EventCodec(EventTypes.builder().add(UserRegistered.class, TYPE).build(),
                EventSerializer.jackson());
    }

    @BeforeEach
    void start() {
        consumerName = "it.welcome-mail-" + CONSUMERS.incrementAndGet();
        emulator = EventBridgeEmulator.builder().region("eu-west-1").requireSignedRequests(true).start();
        publisher = EventBridgePublisher.create(EventBridgeClientConfig.builder()
                        .region(emulator.region()).endpointOverride(emulator.endpoint())
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                        .build(),
                EventBridgePublisherConfig.builder()
                        .defaultMapping(EventMapping.builder().source("com.example.users").build()).build());
    }

    @AfterEach
    void stop() {
        if (target != null) {
            target.close();
        }
        publisher.close();
        emulator.close();
    }

    /** Records its effect in the consumer's transaction; fails on every event of user "poison" numbered 3. */
    private final MessageHandler welcomeMail = (message, handle) -> {
        UserRegistered event = (UserRegistered) message.event();
        if (failOnPoison.get() && event.user().equals("poison") && event.seq() == 3) {
            throw new IllegalStateException("mail server refused " + event.user() + "#" + event.seq());
        }
        contexts.put(message.metadata().messageId(), MessageContext.require());
        handle.execute("INSERT INTO effects (consumer, what) VALUES (?, ?)", consumerName,
                event.user() + "#" + event.seq());
    };

    private EventBridgeConsumer consumer() {
        return new EventBridgeConsumer(new InboxConsumer(consumerName, new JdbiTransactionBoundary(jdbi), codec,
                welcomeMail, FAST));
    }

    private List<String> effects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT what FROM effects WHERE consumer = :consumer ORDER BY what")
                .bind("consumer", consumerName).mapTo(String.class).list());
    }

    private SerializedEvent anEvent(String user, int seq, Metadata metadata) {
        UserRegistered event = new UserRegistered(user, seq);
        return new SerializedEvent(codec.typeName(event), "user-" + user, codec.payload(event), metadata);
    }

    private static Metadata aMetadata() {
        return Metadata.root(UUID.randomUUID(), Instant.parse("2026-11-22T10:15:30Z"));
    }

    @Test
    void hasEveryEffectExactlyOnceFromOutboxToInboxWhileEventBridgeDeliversTwice() throws Exception {
        // given 200 events of 20 users in the outbox, and EventBridge delivering half of them twice
        Outbox outbox = new Outbox(codec);
        for (int seq = 1; seq <= 10; seq++) {
            int current = seq;
            jdbi.useTransaction(handle -> {
                for (int u = 0; u < 20; u++) {
                    outbox.append(handle, "user-" + u, List.of(new EventMessage<>(
                            new UserRegistered("u" + u, current), aMetadata())));
                }
            });
        }
        emulator.injectFaults(Faults.builder().duplicateDeliveries(0.5).reorderDeliveries(0.1).seed(7).build());
        EventQueue everyDelivery = new EventQueue();
        target = EmulatorTarget.of(consumer());
        emulator.addRule("welcome-mail", "{\"detail-type\":[\"" + TYPE + "\"]}", target, everyDelivery);

        // when
        try (OutboxRelay relay = new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .batchSize(100).pollInterval(Duration.ofMillis(50)).build())) {
            relay.start();
            await(() -> effects().size() >= 200, Duration.ofSeconds(60));
            emulator.awaitDeliveries(Duration.ofSeconds(10));
            assertThat(target.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }

        // then
        assertThat(everyDelivery.size()).as("deliveries, duplicates included").isGreaterThan(200);
        List<String> effects = effects();
        assertThat(effects).hasSize(200).doesNotHaveDuplicates();
        assertThat(new InboxOperations(jdbi).parkedCount(consumerName)).isZero();
        assertThat(target.isRunning()).isTrue();
    }

    @Test
    void parksADeliveryWhoseHandlerKeepsFailingDropsNothingAndReplaysItOnceFixed() throws Exception {
        // given
        target = EmulatorTarget.of(consumer());
        emulator.addRule("welcome-mail", "{\"detail-type\":[\"" + TYPE + "\"]}", target);
        List<SerializedEvent> batch = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            batch.add(anEvent("poison", seq, aMetadata()));
            batch.add(anEvent("healthy", seq, aMetadata()));
        }

        // when
        publishAll(batch);
        InboxOperations operations = new InboxOperations(jdbi);
        await(() -> operations.parkedCount(consumerName) == 3 && effects().size() == 7, Duration.ofSeconds(30));
        assertThat(target.awaitIdle(Duration.ofSeconds(10))).isTrue();

        // then the failing delivery is parked with its reason, and the later ones of its key wait behind it
        List<ParkedDelivery> parked = operations.parked(consumerName, 10);
        assertThat(parked).extracting(ParkedDelivery::messageId).containsExactly(batch.get(4).messageId(),
                batch.get(6).messageId(), batch.get(8).messageId());
        assertThat(parked.get(0).attempts()).isEqualTo(2);
        assertThat(parked.get(0).reason()).contains("mail server refused poison#3");
        assertThat(parked.get(0).orderingKey()).as("the ordering key travels in the envelope").isEqualTo("user-poison");
        assertThat(effects()).containsExactly("healthy#1", "healthy#2", "healthy#3", "healthy#4", "healthy#5",
                "poison#1", "poison#2");

        // and once the cause is fixed, the operator's replay applies them in order
        failOnPoison.set(false);
        assertThat(new InboxConsumer(consumerName, new JdbiTransactionBoundary(jdbi), codec, welcomeMail, FAST)
                .retryParked()).isEqualTo(3);
        assertThat(operations.parkedCount(consumerName)).isZero();
        assertThat(effects()).hasSize(10);
    }

    @Test
    void handlesTheJsonOfAnEventAsAwsDeliversItToALambdaFunction() {
        // given an event as EventBridge hands it to a Lambda function (the shape of AWS's documentation), with the
        // X-Ray trace header the Lambda runtime sets beside it
        UUID messageId = UUID.randomUUID();
        UUID correlationId = UUID.randomUUID();
        String event = """
                {
                  "version": "0",
                  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
                  "detail-type": "it.UserRegistered.v1",
                  "source": "com.example.users",
                  "account": "111122223333",
                  "time": "2026-11-22T10:15:30Z",
                  "region": "eu-west-1",
                  "resources": [],
                  "detail": {
                    "metadata": {
                      "messageId": "%s",
                      "correlationId": "%s",
                      "occurredAt": "2026-11-22T10:15:30.123Z",
                      "tenant": "acme",
                      "type": "it.UserRegistered.v1",
                      "orderingKey": "user-ada",
                      "schemaVersion": "1"
                    },
                    "data": { "user": "ada", "seq": 1 }
                  }
                }
                """.formatted(messageId, correlationId);
        String traceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        EventBridgeConsumer lambda = consumer();

        // when AWS invokes the function, and then again (at-least-once)
        Delivery first = lambda.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), traceHeader);
        Delivery again = lambda.handle(event, traceHeader);

        // then the effect happens once, within the event's context
        assertThat(first).isEqualTo(Delivery.HANDLED);
        assertThat(again).isEqualTo(Delivery.DUPLICATE);
        assertThat(effects()).containsExactly("ada#1");
        Metadata context = contexts.get(messageId);
        assertThat(context.correlationId()).isEqualTo(correlationId);
        assertThat(context.tenant()).contains("acme");
        assertThat(context.header(Metadata.TRACEPARENT))
                .contains("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
    }

    @Test
    void parksAnEventOfAnUnknownTypeAndThrowsOnlyForAnEventWithoutEnvelope() {
        EventBridgeConsumer lambda = consumer();
        String unknownType = """
                {"version":"0","id":"1","detail-type":"it.Unknown.v1","source":"com.example.users",
                 "account":"111122223333","time":"2026-11-22T10:15:30Z","region":"eu-west-1","resources":[],
                 "detail":{"metadata":{"messageId":"%s","type":"it.Unknown.v1"},"data":{}}}
                """.formatted(UUID.randomUUID());
        String foreign = """
                {"version":"0","id":"2","detail-type":"Scheduled Event","source":"aws.events",
                 "account":"111122223333","time":"2026-11-22T10:15:30Z","region":"eu-west-1","resources":[],
                 "detail":{}}
                """;

        assertThat(lambda.handle(unknownType)).isEqualTo(Delivery.PARKED);
        assertThat(new InboxOperations(jdbi).parked(consumerName, 10)).singleElement()
                .satisfies(parked -> assertThat(parked.reason()).contains("it.Unknown.v1", "is not registered"));
        assertThatThrownBy(() -> lambda.handle(foreign)).isInstanceOf(EnvelopeFormatException.class)
                .hasMessageContaining("carries no cqrs-kit envelope");
    }

    private void publishAll(List<SerializedEvent> batch) {
        List<PublishOutcome> outcomes = publisher.publish(batch);
        assertThat(outcomes).allMatch(outcome -> outcome instanceof PublishOutcome.Published);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
