package dev.cqrskit.eventbridge.emulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeEmulatorTest {

    @Test
    void rejectsAnInvalidEventPatternNamingTheRule() {
        assertThatThrownBy(() -> EventBridgeEmulator.builder().rule("broken", "{\"source\":\"not-an-array\"}",
                new EventQueue()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Rule 'broken' on bus 'default' has an invalid event pattern")
                .hasMessageContaining("{\"source\":[\"users\"]}");
    }

    @Test
    void rejectsASecondRuleWithTheSameNameOnABus() {
        EventBridgeEmulator.Builder builder = EventBridgeEmulator.builder()
                .rule("users", "{\"source\":[\"users\"]}", new EventQueue());

        assertThatThrownBy(() -> builder.rule("users", "{\"source\":[\"other\"]}", new EventQueue()))
                .hasMessage("Rule 'users' already exists on bus 'default'. Rules so far: [default/users]."
                        + " Give each rule its own name.");
    }

    @Test
    void rejectsAnAccountThatIsNotTwelveDigits() {
        assertThatThrownBy(() -> EventBridgeEmulator.builder().account("1234"))
                .hasMessage("account must be 12 digits, like 123456789012, but was '1234'");
    }

    @Test
    void rejectsFaultRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> Faults.builder().throttleEntries(1.5).build())
                .hasMessage("faults.throttledEntryRate must be a fraction from 0 to 1 but was 1.5");
        assertThatThrownBy(() -> Faults.builder().failRequests(0.1, 200).build())
                .hasMessage("faults.failedRequestStatus must be an HTTP error status from 400 to 599 but was 200");
        assertThatThrownBy(() -> Faults.builder().latency(Duration.ofMillis(-1)).build())
                .hasMessage("faults.latency must not be negative but was PT-0.001S");
    }

    @Test
    void tellsWhichEventsArrivedWhenAnAwaitTimesOut() {
        EventQueue queue = new EventQueue();

        assertThatThrownBy(() -> queue.await(1, Duration.ofMillis(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected at least 1 events within PT0.01S but 0 arrived: []");
    }

    @Test
    void injectsNothingByDefault() {
        assertThat(Faults.none().isNone()).isTrue();
        assertThat(Faults.builder().dropConnections(0.1).build().isNone()).isFalse();
    }

    @Test
    void rejectsARuleWithMoreThanFiveTargets() {
        EventTarget target = event -> { };

        assertThatThrownBy(() -> EventBridgeEmulator.builder().rule("default", "fan-out", "{\"source\":[\"users\"]}",
                target, target, target, target, target, target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'fan-out' on bus 'default' must have 1 to 5 targets, as in EventBridge, but has 6."
                        + " Add another rule with the same pattern for more targets.");
    }

    @Test
    void acceptsARuleWithFiveTargets() {
        EventTarget target = event -> { };

        assertThat(EventBridgeEmulator.builder().rule("default", "fan-out", "{\"source\":[\"users\"]}",
                target, target, target, target, target)).isNotNull();
    }

    @Test
    void rejectsAnEventPatternLongerThan2048Characters() {
        String pattern = "{\"source\":[\"" + "s".repeat(2049 - 15) + "\"]}";

        assertThatThrownBy(() -> EventBridgeEmulator.builder().rule("long", pattern, new EventQueue()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rule 'long' on bus 'default' has an event pattern of 2049 characters; EventBridge allows"
                        + " at most 2048. Match on fewer values, e.g. with a prefix.");
    }

    @Test
    void rejectsARequestSizeLimitAboveOneMebibyte() {
        assertThatThrownBy(() -> EventBridgeEmulator.builder().maxRequestBytes(1_048_577))
                .hasMessage("maxRequestBytes must be from 1 to 1048576, but was 1048577");
    }

    @Test
    void rejectsDeliveryFaultRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> Faults.builder().duplicateDeliveries(-0.1).build())
                .hasMessage("faults.duplicatedDeliveryRate must be a fraction from 0 to 1 but was -0.1");
        assertThatThrownBy(() -> Faults.builder().reorderDeliveries(2).build())
                .hasMessage("faults.reorderedDeliveryRate must be a fraction from 0 to 1 but was 2.0");
    }
}
