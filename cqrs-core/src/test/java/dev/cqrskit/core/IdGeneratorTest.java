package dev.cqrskit.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdGeneratorTest {

    @Test
    void timeOrderedIdsAreVersion7WithTheClocksMilliseconds() {
        Instant now = Instant.parse("2026-11-22T00:00:00.123Z");
        IdGenerator ids = IdGenerator.timeOrdered(Clock.fixed(now, ZoneOffset.UTC));

        UUID id = ids.nextId();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
    }

    @Test
    void timeOrderedIdsAreUniqueAndSortByTime() {
        IdGenerator ids = IdGenerator.timeOrdered(Clock.systemUTC());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(ids.nextId());
        }
        assertThat(seen).hasSize(100_000);

        UUID early = IdGenerator.timeOrdered(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC)).nextId();
        UUID late = IdGenerator.timeOrdered(Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC)).nextId();
        assertThat(early.toString()).isLessThan(late.toString());
    }

    @Test
    void randomIdsAreVersion4() {
        assertThat(IdGenerator.random().nextId().version()).isEqualTo(4);
    }
}
