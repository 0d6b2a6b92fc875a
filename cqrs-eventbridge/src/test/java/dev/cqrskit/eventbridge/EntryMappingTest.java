package dev.cqrskit.eventbridge;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.publish.SerializedEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntryMappingTest {

    @Test
    void sizesAnEntryByAwsFormulaCountingUtf8BytesAndFourteenForTime() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().source("\u00fc").detailType("d")
                .detail("{\"x\":\"\uD83D\uDC4D\"}").resources("r1", "\u20ac").time(Instant.EPOCH)
                .traceHeader("ignored").eventBusName("ignored-too").build();

        // 14 + 2 + 1 + 12 + 2 + 3
        assertThat(MappedEntry.sizeOf(entry)).isEqualTo(34);
    }

    @Test
    void leavesTimeOutOfTheSizeWhenAbsent() {
        assertThat(MappedEntry.sizeOf(PutEventsRequestEntry.builder().source("s").detailType("d").detail("{}").build()))
                .isEqualTo(4);
    }

    @Test
    void countsUtf8LikeTheJdkEncoder() {
        String text = "a\u00e9\u20ac\uD83D\uDC4Dz";

        assertThat(MappedEntry.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void escapesTheTenantAndTypeInTheEnvelope() {
        SerializedEvent event = new SerializedEvent("a\"b", "k", "[1]", Metadata.builder()
                .messageId(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .occurredAt(Instant.parse("2026-01-01T00:00:00Z")).tenant("t\\1\n").build());

        assertThat(DetailEnvelope.of(event, "2")).isEqualTo("{\"metadata\":{"
                + "\"messageId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"correlationId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"tenant\":\"t\\\\1\\u000a\",\"type\":\"a\\\"b\","
                + "\"orderingKey\":\"k\",\"schemaVersion\":\"2\"},\"data\":[1]}");
    }

    @Test
    void convertsASampledTraceparentToAnXrayHeader() {
        assertThat(TraceHeaders.fromTraceparent("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"))
                .contains("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(TraceHeaders.fromTraceparent("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00"))
                .contains("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
    }

    @Test
    void ignoresTraceparentsItCannotRead() {
        assertThat(TraceHeaders.fromTraceparent("garbage")).isEmpty();
        assertThat(TraceHeaders.fromTraceparent("ff-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")).isEmpty();
    }

    @Test
    void mapsOccurredAtToTimeAndKeepsResourcesOutWhenEmpty() {
        SerializedEvent event = EventFixtures.anEvent("user-1");

        MappedEntry mapped = MappedEntry.of(3, event, EventMapping.defaults());

        assertThat(mapped.index()).isEqualTo(3);
        assertThat(mapped.entry().time()).isEqualTo(event.metadata().occurredAt());
        assertThat(mapped.entry().hasResources()).isFalse();
        assertThat(MappedEntry.of(0, event, EventMapping.builder().resources(e -> List.of("arn:x")).build())
                .entry().resources()).containsExactly("arn:x");
    }
}
