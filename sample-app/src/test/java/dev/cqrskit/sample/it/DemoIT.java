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
 * The README's demo command, in process: on its embedded defaults (its own embedded PostgreSQL and EventBridge
 * emulator, nothing configured), the walkthrough runs end to end and exits 0.
 */
class DemoIT {

    @Test
    void theDemoWalksTheWholeSystemOnEmbeddedDefaultsAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = SampleApp.run(List.of("demo"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("Demo finished: every step answered as expected.")
                .contains("user.UserRegistered.v1", "auth.VerificationCodeRequested.v1", "user.PasswordChanged.v1")
                .contains("POST /auth/token -> 403", "POST /auth/verify/resend -> 202", "POST /auth/verify -> 200");
    }
}
