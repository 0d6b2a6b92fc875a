package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static void put(EventBridgeClient client, int n) {
        client.putEvents(request -> request.entries(entry -> entry.source("orders").detailType("order.OrderPlaced.v1")
                .detail("{\"key\":\"order-" + (n % 3) + "\",\"n\":" + n + "}")));
    }

    private static List<Integer> numbers(List<EmulatedEvent> events) {
        return events.stream().map(event -> Integer.parseInt(event.detail().replaceAll(".*\"n\":(\\d+).*", "$1")))
                .toList();
    }

    @Test
    void answersPutEventsBeforeTargetsRunByDefault() throws Exception {
        // given: a target that cannot finish until the test lets it
        CountDownLatch release = new CountDownLatch(1);
        EventQueue delivered = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().requireSignedRequests(true)
                .rule("slow", "{\"source\":[\"orders\"]}", event -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    delivered.deliver(event);
                })
                .start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            // when
            put(client, 1);

            // then: the call returned while the target is still blocked
            assertThat(delivered.size()).isZero();
            assertThat(emulator.events()).hasSize(1);
            release.countDown();
            assertThat(delivered.await(1, WAIT)).hasSize(1);
        }
    }

    @Test
    void runsTargetsBeforeTheCallReturnsWithSynchronousDelivery() {
        EventQueue delivered = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().synchronousDelivery()
                .rule("orders", "{\"source\":[\"orders\"]}", delivered).start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            put(client, 1);

            assertThat(delivered.events()).hasSize(1);
        }
    }

    @Test
    void deliversInAcceptanceOrderWithoutFaults() {
        EventQueue delivered = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
                .rule("orders", "{\"source\":[\"orders\"]}", delivered).start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            IntStream.range(0, 20).forEach(n -> put(client, n));

            assertThat(numbers(delivered.await(20, WAIT))).containsExactlyElementsOf(IntStream.range(0, 20).boxed()
                    .toList());
        }
    }

    @Test
    void deliversEveryEventTwiceWhenDuplicatesAreInjected() {
        EventQueue delivered = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
                .faults(Faults.builder().duplicateDeliveries(1).build())
                .rule("orders", "{\"source\":[\"orders\"]}", delivered).start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            put(client, 1);
            put(client, 2);
            emulator.awaitDeliveries(WAIT);

            assertThat(numbers(delivered.events())).containsExactlyInAnyOrder(1, 1, 2, 2);
            assertThat(emulator.events()).hasSize(2);
        }
    }

    @Test
    void reordersDeliveriesAcrossKeysWhenInjectedAndLosesNone() {
        // given
        EventQueue delivered = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
                .faults(Faults.builder().reorderDeliveries(0.5).seed(11).build())
                .rule("orders", "{\"source\":[\"orders\"]}", delivered).start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            // when
            IntStream.range(0, 60).forEach(n -> put(client, n));
            emulator.awaitDeliveries(WAIT);

            // then
            List<Integer> order = numbers(delivered.events());
            assertThat(order).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());
            assertThat(order).isNotEqualTo(IntStream.range(0, 60).boxed().toList());
        }
    }

    @Test
    void waitsForPendingDeliveriesBeforeATestAssertsThatNothingArrived() {
        EventQueue delivered = new EventQueue();
        EventQueue other = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
                .rule("orders", "{\"source\":[\"orders\"]}", delivered)
                .rule("billing", "{\"source\":[\"billing\"]}", other).start();
             EventBridgeClient client = EmulatorClients.client(emulator)) {

            put(client, 1);
            emulator.awaitDeliveries(WAIT);

            assertThat(delivered.events()).hasSize(1);
            assertThat(other.events()).isEmpty();
        }
    }
}
