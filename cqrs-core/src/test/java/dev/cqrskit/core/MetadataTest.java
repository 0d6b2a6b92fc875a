package dev.cqrskit.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataTest {

    @Test
    void rootStartsAConversationWithItsOwnIdAsCorrelation() {
        Metadata root = Metadata.root(id(1), NOW);

        assertThat(root.correlationId()).isEqualTo(id(1));
        assertThat(root.causationId()).isEmpty();
        assertThat(root.occurredAt()).isEqualTo(NOW);
        assertThat(root.headers()).isEmpty();
    }

    @Test
    void causedByKeepsConversationTenantPrincipalAndHeaders() {
        Metadata cause = Metadata.builder().messageId(id(1)).correlationId(id(9)).occurredAt(NOW)
                .tenant("acme").principal("ada").header(Metadata.TRACEPARENT, "00-abc-def-01").build();

        Metadata effect = Metadata.causedBy(cause, id(2), NOW.plusSeconds(1));

        assertThat(effect.messageId()).isEqualTo(id(2));
        assertThat(effect.correlationId()).isEqualTo(id(9));
        assertThat(effect.causationId()).contains(id(1));
        assertThat(effect.tenant()).contains("acme");
        assertThat(effect.principal()).contains("ada");
        assertThat(effect.header(Metadata.TRACEPARENT)).contains("00-abc-def-01");
        assertThat(effect.occurredAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void withMethodsReturnChangedCopies() {
        Metadata original = Metadata.root(id(1), NOW);

        Metadata changed = original.withTenant("t").withPrincipal("p").withHeader("h", "v");

        assertThat(changed.tenant()).contains("t");
        assertThat(changed.principal()).contains("p");
        assertThat(changed.headers()).isEqualTo(Map.of("h", "v"));
        assertThat(original.tenant()).isEmpty();
        assertThat(changed).isNotEqualTo(original);
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void headersAreUnmodifiable() {
        Metadata metadata = Metadata.root(id(1), NOW).withHeader("h", "v");

        assertThatThrownBy(() -> metadata.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMissingRequiredParts() {
        assertThatThrownBy(() -> Metadata.builder().occurredAt(NOW).build())
                .hasMessage("messageId must not be null");
        assertThatThrownBy(() -> Metadata.builder().messageId(id(1)).build())
                .hasMessage("occurredAt must not be null");
        assertThatThrownBy(() -> Metadata.builder().header(" ", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("header name must not be blank");
        assertThatThrownBy(() -> Metadata.builder().header("h", null))
                .hasMessage("value of header 'h' must not be null");
    }
}
