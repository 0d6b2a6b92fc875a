package dev.cqrskit.examples.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what cqrs-spring-boot-starter adds to a Spring Boot context start: {@link StartupProbe} runs in a fresh
 * JVM per start, alternating the variants, 10 times each (after one discarded warm-up round for the file cache), and
 * the medians are printed. The classpath is the same in every variant; "without" excludes cqrs-kit's
 * auto-configurations, so their conditions are never evaluated and their classes never loaded.
 *
 * <pre>
 * ./mvnw -B -q -pl examples-spring-boot -am package -DskipTests
 * ./mvnw -B -q -pl examples-spring-boot dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp examples-spring-boot/target/classes:$(cat examples-spring-boot/target/classpath.txt) \
 *     dev.cqrskit.examples.startup.StartupCost
 * </pre>
 */
public final class StartupCost {

    private static final String CQRS = "dev.cqrskit.spring.boot.autoconfigure.";
    private static final String EXCLUDE_ALL = "--spring.autoconfigure.exclude=" + String.join(",",
            CQRS + "CqrsBusAutoConfiguration", CQRS + "CqrsOutboxAutoConfiguration",
            CQRS + "CqrsEventBridgeAutoConfiguration", CQRS + "CqrsMetricsAutoConfiguration",
            CQRS + "CqrsOutboxRelayAutoConfiguration", CQRS + "CqrsEventStoreAutoConfiguration",
            CQRS + "CqrsActuatorAutoConfiguration");
    /** A database that is never contacted: the relay is off, Hikari connects lazily. */
    private static final String DATASOURCE = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";

    private StartupCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("without", List.of(DATASOURCE, EXCLUDE_ALL));
        variants.put("with", List.of(DATASOURCE, "--cqrs.outbox.relay.enabled=false", "--cqrs.eventbridge.enabled=false"));
        variants.put("with-eventbridge", List.of(DATASOURCE, "--cqrs.outbox.relay.enabled=false",
                "--cqrs.eventbridge.region=us-east-1", "--cqrs.eventbridge.endpoint-override=http://127.0.0.1:1"));
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, List<Long>> results = new LinkedHashMap<>();
        for (int round = -1; round < runs; round++) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                long micros = run(variant.getKey(), variant.getValue());
                if (round >= 0) {
                    results.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(micros);
                }
            }
        }
        long without = median(results.get("without"));
        System.out.printf("%-18s %10s %10s%n", "variant", "median ms", "added ms");
        for (Map.Entry<String, List<Long>> result : results.entrySet()) {
            long median = median(result.getValue());
            System.out.printf("%-18s %10.1f %10.1f   %s%n", result.getKey(), median / 1000.0,
                    (median - without) / 1000.0, result.getValue());
        }
    }

    private static long run(String variant, List<String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlogging.level.root=WARN",
                StartupProbe.class.getName(), variant));
        // The example application's own properties file is on this classpath too: no database work at startup.
        command.addAll(List.of("--spring.sql.init.mode=never", "--cqrs.schema.install=false"));
        command.addAll(properties);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("STARTUP ")) {
                    result = line;
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("Variant " + variant + " failed:\n" + output);
        }
        return Long.parseLong(result.substring(result.lastIndexOf(' ') + 1));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
