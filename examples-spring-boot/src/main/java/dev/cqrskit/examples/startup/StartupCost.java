package dev.cqrskit.examples.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what cqrs-spring-boot-starter adds to a Spring Boot context start: {@link StartupProbe} runs in a fresh
 * JVM per start, alternating the variants, 10 times each (after one discarded warm-up round for the file cache), and
 * the medians are printed. The classpath is the same in every variant; "without" excludes cqrs-kit's
 * auto-configurations, so their conditions are never evaluated and their classes never loaded. Besides the medians it
 * prints the median of the paired differences (each round's start minus that round's start without the starter),
 * which is steadier when the machine's load changes between rounds; and the same for the CPU time of the thread
 * that ran {@code SpringApplication.run} and of the whole process, which a busy machine inflates far less than the
 * wall time, since waiting for a core is not counted.
 *
 * <pre>
 * ./mvnw -B -q -pl examples-spring-boot -am package -DskipTests
 * ./mvnw -B -q -pl examples-spring-boot dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp examples-spring-boot/target/classes:$(cat examples-spring-boot/target/classpath.txt) \
 *     dev.cqrskit.examples.startup.StartupCost 10 [--more.spring=properties for every variant]
 * </pre>
 *
 * <p>Variants: {@code without}; {@code with} (outbox beans, buses, metrics, health; relay and EventBridge off);
 * {@code with-relay} (the relay on, with the probe's no-op publisher); {@code with-eventbridge} (the relay off, the
 * AWS SDK's EventBridge client built). {@code -Dstartup.variants=without,with-relay} runs only those (with
 * {@code without} always); each round runs them in an order rotated by one from the round before, so that no variant
 * always comes first. {@code -Dstartup.jvm="-XX:SharedArchiveFile=probe.jsa"} passes options to every probe's JVM
 * (space-separated), e.g. the class data sharing archive that Spring Boot's documentation recommends for startup.
 */
public final class StartupCost {

    private static final String CQRS = "dev.cqrskit.spring.boot.autoconfigure.";
    private static final String EXCLUDE_ALL = "--spring.autoconfigure.exclude=" + String.join(",",
            CQRS + "CqrsBusAutoConfiguration", CQRS + "CqrsOutboxAutoConfiguration",
            CQRS + "CqrsEventBridgeAutoConfiguration", CQRS + "CqrsMetricsAutoConfiguration",
            CQRS + "CqrsOutboxRelayAutoConfiguration", CQRS + "CqrsEventStoreAutoConfiguration",
            CQRS + "CqrsActuatorAutoConfiguration");
    /**
     * The database: by default one that never answers (Hikari connects lazily, so only {@code with-relay} tries it,
     * on the relay's worker threads); {@code -Dstartup.datasource.url=jdbc:postgresql://...} names a real one.
     */
    private static final String DATASOURCE = "--spring.datasource.url=" + System.getProperty("startup.datasource.url",
            "jdbc:postgresql://127.0.0.1:1/none");

    private StartupCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, List<String>> variants = variants(List.of(args).subList(Math.min(1, args.length), args.length));
        List<String> metrics = List.of("wall", "thread CPU", "process CPU");
        Map<String, Map<String, List<Long>>> results = new LinkedHashMap<>();
        List<Map.Entry<String, List<String>>> order = new ArrayList<>(variants.entrySet());
        for (int round = -1; round < runs; round++) {
            for (Map.Entry<String, List<String>> variant : order) {
                long[] measured = run(variant.getKey(), variant.getValue());
                for (int metric = 0; round >= 0 && metric < metrics.size(); metric++) {
                    results.computeIfAbsent(metrics.get(metric), k -> new LinkedHashMap<>())
                            .computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(measured[metric]);
                }
            }
            Collections.rotate(order, 1);
        }
        for (String metric : metrics) {
            print(metric, results.get(metric));
        }
    }

    /**
     * The variants, each as the Spring properties of its start.
     *
     * @param extra Spring properties ({@code --name=value}) every variant starts with besides its own, e.g.
     *              {@code --management.endpoints.jackson2.isolated-object-mapper=false} for an application whose
     *              actuator builds no Jackson 2 mapper
     * @return the properties by variant name, in the order the variants run
     */
    static Map<String, List<String>> variants(List<String> extra) {
        // The example application's own properties file is on this classpath too: no database work at startup.
        List<String> common = new ArrayList<>(List.of(DATASOURCE, "--spring.sql.init.mode=never",
                "--cqrs.schema.install=false"));
        common.addAll(extra);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("without", concat(common, EXCLUDE_ALL));
        variants.put("with", concat(common, "--cqrs.outbox.relay.enabled=false", "--cqrs.eventbridge.enabled=false"));
        // The setting: outbox and relay on (the relay's workers connect and poll on their own threads).
        variants.put("with-relay", concat(common, "--cqrs.eventbridge.enabled=false", "--probe.publisher=no-op"));
        variants.put("with-eventbridge", concat(common, "--cqrs.outbox.relay.enabled=false",
                "--cqrs.eventbridge.region=us-east-1", "--cqrs.eventbridge.endpoint-override=http://127.0.0.1:1"));
        String chosen = System.getProperty("startup.variants");
        if (chosen != null) {
            List<String> names = List.of(("without," + chosen).split(","));
            variants.keySet().retainAll(names);
        }
        return variants;
    }

    private static List<String> concat(List<String> common, String... specific) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(specific));
        return List.copyOf(all);
    }

    private static void print(String metric, Map<String, List<Long>> starts) {
        List<Long> withoutStarts = starts.get("without");
        long without = median(withoutStarts);
        System.out.printf("%n%-18s %10s %10s %16s %17s   %s%n", metric, "median ms", "added ms", "paired added ms",
                "paired p25..p75", "starts (ms, rounds in order)");
        for (Map.Entry<String, List<Long>> variant : starts.entrySet()) {
            long median = median(variant.getValue());
            List<Long> paired = paired(variant.getValue(), withoutStarts);
            System.out.printf("%-18s %10.1f %10.1f %16.1f %8d..%-8d   %s%n", variant.getKey(), median / 1000.0,
                    (median - without) / 1000.0, median(paired) / 1000.0, quantile(paired, 0.25) / 1000,
                    quantile(paired, 0.75) / 1000, variant.getValue().stream().map(micros -> micros / 1000).toList());
        }
    }

    /** Each round's start minus the same round's start without the starter: both ran under the same load. */
    private static List<Long> paired(List<Long> starts, List<Long> withoutStarts) {
        List<Long> differences = new ArrayList<>();
        for (int round = 0; round < starts.size(); round++) {
            differences.add(starts.get(round) - withoutStarts.get(round));
        }
        return differences;
    }

    /** @return the wall time, the starting thread's CPU time and the process's CPU time, in microseconds */
    private static long[] run(String variant, List<String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dlogging.level.root=WARN"));
        String jvm = System.getProperty("startup.jvm", "").strip();
        if (!jvm.isEmpty()) {
            command.addAll(List.of(jvm.split("\\s+")));
        }
        command.addAll(List.of(StartupProbe.class.getName(), variant));
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
        String[] fields = result.split(" ");
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4])};
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The value below which the given share of the values lie, by the nearest rank. */
    private static long quantile(List<Long> values, double share) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1));
    }
}
