package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wire compatibility: the AWS SDK for JavaScript v3, an independent implementation of the PutEvents protocol, talks
 * to the emulator. The test installs the pinned npm package into target/node-wire itself (npm ci from the committed
 * lockfile), so it runs on a fresh machine with Node.js 18+ and npm.
 */
class EventBridgeEmulatorWireIT {

    private static final Path WORK = Paths.get("target", "node-wire");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installTheJavaScriptSdk() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "put-events.mjs")) {
            try (InputStream in = EventBridgeEmulatorWireIT.class.getResourceAsStream("/node-wire/" + file)) {
                assertThat(in).as("test resource node-wire/%s", file).isNotNull();
                Files.write(WORK.resolve(file), in.readAllBytes());
            }
        }
        if (!Files.exists(WORK.resolve("node_modules/@aws-sdk/client-eventbridge/package.json"))) {
            run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
    }

    @Test
    void acceptsAndRoutesPutEventsFromTheJavaScriptSdk() throws Exception {
        // given
        EventQueue fromNode = new EventQueue();
        try (EventBridgeEmulator emulator = EventBridgeEmulator.builder().region("eu-west-1").requireSignedRequests(true)
                .rule("node", "{\"source\":[\"node.wire\"],\"detail\":{\"from\":[\"node\"]}}", fromNode)
                .start()) {

            // when
            String output = run(Duration.ofMinutes(2), "node", "put-events.mjs", emulator.endpoint().toString());

            // then
            Map<String, JsonNode> calls = new HashMap<>();
            for (String line : output.split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode call = JSON.readTree(line);
                    calls.put(call.get("call").asText(), call);
                }
            }
            assertThat(calls).as("node printed: %s", output).containsKeys("mixed", "eleven");

            JsonNode mixed = calls.get("mixed");
            assertThat(mixed.get("FailedEntryCount").asInt()).isEqualTo(1);
            assertThat(mixed.at("/Entries/1/ErrorCode").asText()).isEqualTo("MalformedDetail");
            EmulatedEvent routed = fromNode.await(1, Duration.ofSeconds(10)).get(0);
            assertThat(mixed.at("/Entries/0/EventId").asText()).isEqualTo(routed.id());
            assertThat(routed.source()).isEqualTo("node.wire");
            assertThat(routed.detailType()).isEqualTo("wire.Checked.v1");
            assertThat(JSON.readTree(routed.detail())).isEqualTo(JSON.readTree("{\"from\":\"node\",\"n\":1}"));
            assertThat(routed.time()).isEqualTo(Instant.parse("2026-11-22T01:02:03Z"));
            assertThat(routed.resources()).containsExactly("arn:aws:example:::node/1");
            assertThat(routed.traceHeader())
                    .contains("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

            JsonNode eleven = calls.get("eleven");
            assertThat(eleven.get("error").asText()).isEqualTo("ValidationException");
            assertThat(eleven.get("status").asInt()).isEqualTo(400);
            assertThat(eleven.get("message").asText()).contains("Member must have length less than or equal to 10");
            assertThat(emulator.events()).hasSize(1);
        }
    }

    private static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Path log = Files.createTempFile(WORK.toAbsolutePath(), command[0], ".log");
        Process process;
        try {
            process = new ProcessBuilder(line).directory(WORK.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("Could not run '" + command[0] + "': " + e.getMessage()
                    + ". This test needs Node.js 18+ and npm on the PATH (e.g. apt-get install nodejs npm).", e);
        }
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", line) + " did not finish within " + timeout);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of %s, output:%n%s", line, text).isZero();
        return text;
    }
}
