package dev.cqrskit.test;

import dev.cqrskit.core.MetadataFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeterministicHelpersTest {

    @Test
    void testClockStandsStillUntilMoved() {
        TestClock clock = TestClock.at("2026-01-01T10:00:00Z");

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
        clock.set(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
    }

    @Test
    void testClockCopiesInAnotherZoneShareTheInstant() {
        TestClock clock = TestClock.fixed();
        TestClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofSeconds(1));

        assertThat(paris.instant()).isEqualTo(TestClock.DEFAULT_START.plusSeconds(1));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void testClockRefusesToGoBackwardsByAdvance() {
        assertThatThrownBy(() -> TestClock.fixed().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must not be negative, but was PT-1S; use set(instant) to put the clock anywhere");
    }

    @Test
    void sequentialIdsCountFromOne() {
        SequentialIdGenerator ids = new SequentialIdGenerator();
        MetadataFactory metadata = new MetadataFactory(TestClock.fixed(), ids);

        assertThat(metadata.root().messageId()).isEqualTo(SequentialIdGenerator.id(1));
        assertThat(ids.nextId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000002"));
        assertThat(ids.issued()).isEqualTo(2);
        assertThat(new SequentialIdGenerator(10).nextId()).isEqualTo(SequentialIdGenerator.id(10));
    }

    @Test
    void sequentialIdsRefuseAFirstBelowOne() {
        assertThatThrownBy(() -> new SequentialIdGenerator(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("first must be at least 1, but was 0");
    }
}
