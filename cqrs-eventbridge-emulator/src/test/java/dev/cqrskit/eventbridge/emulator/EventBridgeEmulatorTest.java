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
}
