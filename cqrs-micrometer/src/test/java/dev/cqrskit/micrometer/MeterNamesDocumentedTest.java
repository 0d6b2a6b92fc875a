package dev.cqrskit.micrometer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every meter name is in the table of docs/metrics.md. (The page's code blocks are bound to compiled sources by the
 * examples module's {@code DocsSnippetsTest}.)
 */
class MeterNamesDocumentedTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {CqrsMetrics.DISPATCH, CqrsMetrics.RETRY_ATTEMPTS, CqrsMetrics.RETRY_EXHAUSTED,
            CqrsMetrics.SUBSCRIBER_FAILURES, CqrsMetrics.RELAY_CLAIMED, CqrsMetrics.RELAY_PUBLISHED,
            CqrsMetrics.RELAY_FAILED, CqrsMetrics.RELAY_PARKED, CqrsMetrics.RELAY_SYSTEMIC_FAILURES,
            CqrsMetrics.RELAY_RECONNECTS, CqrsMetrics.PUBLISH_CALL, CqrsMetrics.OUTBOX_PENDING,
            CqrsMetrics.OUTBOX_PARKED, CqrsMetrics.OUTBOX_HELD, CqrsMetrics.OUTBOX_OLDEST_PENDING_AGE,
            CqrsMetrics.SUBSCRIPTION_LAG, ObservationMiddleware.NAME})
    void everyMeterNameIsInTheDocsTable(String name) throws IOException {
        assertThat(Files.readString(ROOT.resolve("docs/metrics.md"))).contains("| `" + name + "` |");
    }
}
