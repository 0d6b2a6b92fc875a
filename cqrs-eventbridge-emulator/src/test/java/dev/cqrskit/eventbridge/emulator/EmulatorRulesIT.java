package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatorRulesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventBridgeEmulator emulator = EventBridgeEmulator.builder().requireSignedRequests(true)
            .synchronousDelivery().start();
    private final EventBridgeClient client = EmulatorClients.client(emulator);

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private void put(String bus, String detail) {
        client.putEvents(request -> request.entries(PutEventsRequestEntry.builder().eventBusName(bus)
                .source("orders").detailType("order.OrderPlaced.v1").detail(detail).build()));
    }

    @Test
    void deliversEachMatchToEveryTargetOfTheRule() {
        EventQueue lambda = new EventQueue();
        EventQueue queue = new EventQueue();
        EventQueue archive = new EventQueue();
        emulator.addRule("orders", "placed", "{\"source\":[\"orders\"]}", lambda, queue, archive);

        put("orders", "{\"id\":1}");

        assertThat(lambda.events()).hasSize(1);
        assertThat(queue.events()).isEqualTo(lambda.events());
        assertThat(archive.events()).isEqualTo(lambda.events());
    }

    @Test
    void addsAndRemovesRulesOnANamedBusWhileRunning() {
        EventQueue placed = new EventQueue();
        emulator.addRule("orders", "placed", "{\"source\":[\"orders\"]}", placed);
        put("orders", "{\"id\":1}");

        emulator.removeRule("orders", "placed");
        put("orders", "{\"id\":2}");

        assertThat(placed.events()).extracting(EmulatedEvent::detail).containsExactly("{\"id\":1}");
        assertThat(emulator.events()).hasSize(2);
    }

    @Test
    void letsARemovedRuleNameBeUsedAgain() {
        EventQueue first = new EventQueue();
        EventQueue second = new EventQueue();
        emulator.addRule("orders", "placed", "{\"source\":[\"orders\"]}", first);
        emulator.removeRule("orders", "placed");

        emulator.addRule("orders", "placed", "{\"detail\":{\"id\":[2]}}", second);
        put("orders", "{\"id\":1}");
        put("orders", "{\"id\":2}");

        assertThat(first.events()).isEmpty();
        assertThat(second.await(1, WAIT)).extracting(EmulatedEvent::detail).containsExactly("{\"id\":2}");
    }

    @Test
    void rejectsRemovingARuleThatDoesNotExist() {
        emulator.addRule("orders", "placed", "{\"source\":[\"orders\"]}", new EventQueue());

        assertThatThrownBy(() -> emulator.removeRule("default", "placed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'placed' does not exist on bus 'default'. Rules so far: [orders/placed].");
    }

    @Test
    void matchesTheFieldsOfAnArrayOfObjectsWithinOneElement() {
        // given: a rule for an order with a line of product "a" in quantity 1
        EventQueue singleA = new EventQueue();
        emulator.addRule("single-a", "{\"detail\":{\"lines\":{\"sku\":[\"a\"],\"qty\":[1]}}}", singleA);

        // when: one order has that line, the other has "a" and quantity 1 only in different lines
        put("default", "{\"lines\":[{\"sku\":\"a\",\"qty\":1}]}");
        put("default", "{\"lines\":[{\"sku\":\"a\",\"qty\":2},{\"sku\":\"b\",\"qty\":1}]}");

        // then: as in EventBridge, only the first matches
        assertThat(singleA.events()).extracting(EmulatedEvent::detail)
                .containsExactly("{\"lines\":[{\"sku\":\"a\",\"qty\":1}]}");
    }
}
