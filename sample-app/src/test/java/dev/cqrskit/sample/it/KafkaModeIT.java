package dev.cqrskit.sample.it;

import dev.cqrskit.sample.app.SampleApp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with {@code BROKER=kafka} on its embedded default (the in-process Kafka broker, no
 * KAFKA_BOOTSTRAP_SERVERS, no EventBridge emulator): every flow that crosses the broker works as in the EventBridge
 * mode, which {@link DemoIT} runs. Registration reaches the verification automation and the code mailer, a resend
 * reaches the mailer again, and verifying reaches the welcome mailer, each through its own Kafka consumer group.
 */
class KafkaModeIT {

    @Test
    void theDemoWalksTheWholeSystemThroughTheInProcessKafkaBrokerAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = SampleApp.run(List.of("demo"), Map.of("BROKER", "kafka"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("and the in-process Kafka broker at ")
                .doesNotContain("EventBridge emulator")
                .contains("Demo finished: every step answered as expected.")
                .contains("POST /auth/token -> 403", "POST /auth/verify/resend -> 202", "POST /auth/verify -> 200");
    }
}
