package dev.cqrskit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.outbox.OutboxFixtures.Counted;
import dev.cqrskit.outbox.OutboxFixtures.Noted;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void mapsClassesToStableNamesAndBack() {
        EventTypes types = EventTypes.builder().add(Counted.class, "test.Counted.v1").build();

        assertThat(types.nameOf(Counted.class)).isEqualTo("test.Counted.v1");
        assertThat(types.typeOf("test.Counted.v1")).contains(Counted.class);
        assertThat(types.typeOf("test.Unknown.v1")).isEmpty();
    }

    @Test
    void readsOlderNamesThroughAliases() {
        EventTypes types = EventTypes.builder()
                .add(Counted.class, "test.Counted.v2")
                .alias("test.Counted.v1", Counted.class)
                .build();

        assertThat(types.typeOf("test.Counted.v1")).contains(Counted.class);
        assertThat(types.nameOf(Counted.class)).isEqualTo("test.Counted.v2");
    }

    @Test
    void rejectsOneNameForTwoClasses() {
        EventTypes.Builder builder = EventTypes.builder().add(Counted.class, "test.Event");

        assertThatThrownBy(() -> builder.add(Noted.class, "test.Event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Event type name 'test.Event' is already registered for " + Counted.class.getName()
                        + "; cannot register it for " + Noted.class.getName() + " too.");
    }

    @Test
    void rejectsTwoNamesForOneClass() {
        EventTypes.Builder builder = EventTypes.builder().add(Counted.class, "test.Counted.v1");

        assertThatThrownBy(() -> builder.add(Counted.class, "test.Counted.v2"))
                .hasMessageContaining("is already registered as 'test.Counted.v1'")
                .hasMessageContaining("use alias(...) for older names");
    }

    @Test
    void rejectsANameWithSpaces() {
        assertThatThrownBy(() -> EventTypes.builder().add(Counted.class, "test counted"))
                .hasMessageStartingWith("Event type name 'test counted' for " + Counted.class.getName()
                        + " is invalid");
    }
}
