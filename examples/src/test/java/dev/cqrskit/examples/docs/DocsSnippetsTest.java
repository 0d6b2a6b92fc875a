package dev.cqrskit.examples.docs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the code in the docs identical to compiled sources, so the docs cannot go stale ({@link DocsCheck} says how a
 * block is bound to its source). Adding a document is one line: a strict one below, where every {@code java} block
 * must be bound, or a lenient one until its unbound blocks are marked.
 */
class DocsSnippetsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final DocsCheck CHECK = new DocsCheck(ROOT, ApiIndex.ofClassPath());

    @ParameterizedTest
    @ValueSource(strings = {
            "README.md",
            "docs/quick-start.md",
            "docs/getting-started.md",
            "docs/concepts.md",
            "docs/testing.md",
            "docs/metrics.md",
            "cqrs-micrometer/README.md",
            "docs/kafka.md",
            "cqrs-kafka/README.md",
            "docs/subscriptions.md",
            "cqrs-eventstore/README.md",
            "docs/sample-app.md",
            "docs/outbox.md",
            "docs/eventbridge.md",
    })
    void everyJavaBlockIsBoundToCompiledCode(String document) {
        assertThat(CHECK.check(document, true)).as("problems in %s", document).isEmpty();
    }

    /** Documents with ```java blocks written before the rule: their bound blocks are checked, the rest skipped. */
    @ParameterizedTest
    @ValueSource(strings = {
            "docs/architecture-rules.md",
            "cqrs-test/README.md",
            "docs/event-sourcing.md",
    })
    void everyBoundBlockMatchesItsSource(String document) {
        assertThat(CHECK.check(document, false)).as("problems in %s", document).isEmpty();
    }
}
