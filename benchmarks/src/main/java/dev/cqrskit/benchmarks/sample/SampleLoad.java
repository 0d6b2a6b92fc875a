package dev.cqrskit.benchmarks.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cqrskit.sample.app.Config;
import dev.cqrskit.sample.app.SampleApplication;
import dev.cqrskit.sample.notification.application.VerificationMailer;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.infrastructure.Argon2PasswordHasher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads the sample app on loopback: {@code GET /users/me} with a valid token under {@code wrk} (a separate
 * process, if installed: {@code apt-get install wrk}), login throughput, and the Argon2id hash time that bounds it.
 * The app runs on its embedded defaults in this JVM; the load generator shares the machine's cores with it.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cqrskit.benchmarks.sample.SampleLoad [seconds] [connections]
 * }</pre>
 */
public final class SampleLoad {

    private static final String PASSWORD = "correct horse battery";

    private SampleLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        hashTime();
        try (SampleApplication app = SampleApplication.serve(Config.from(Map.of("PORT", "0")))) {
            HttpClient http = HttpClient.newHttpClient();
            String token = userToken(app, http);
            meLoad(app, http, token, seconds, connections);
            loginLoad(app, http, seconds);
        }
        System.exit(0);
    }

    private static void hashTime() {
        PasswordHasher hasher = new Argon2PasswordHasher();
        for (int i = 0; i < 5; i++) {
            hasher.hash(PASSWORD);
        }
        long[] millis = new long[21];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            hasher.hash(PASSWORD);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("argon2id hash (m=19456 KiB, t=2, p=1): median %d ms, min %d ms, max %d ms over %d%n",
                millis[millis.length / 2], millis[0], millis[millis.length - 1], millis.length);
    }

    private static String userToken(SampleApplication app, HttpClient http) throws Exception {
        String email = "load-" + System.nanoTime() + "@example.com";
        post(app, http, "/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"displayName\":\"Load\"}", 201);
        String code = app.mailbox().await(email, mail -> VerificationMailer.codeIn(mail).isPresent(),
                        Duration.ofSeconds(30)).flatMap(VerificationMailer::codeIn)
                .orElseThrow(() -> new IllegalStateException("no verification mail reached " + email));
        post(app, http, "/auth/verify", "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}", 200);
        String body = post(app, http, "/auth/token", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}",
                200);
        return new ObjectMapper().readTree(body).get("token").asText();
    }

    private static void meLoad(SampleApplication app, HttpClient http, String token, int seconds, int connections)
            throws Exception {
        String url = app.baseUrl() + "/users/me";
        if (wrkInstalled()) {
            System.out.printf("GET /users/me with wrk: %d connections, 2 threads, %d s (after a 5 s warm-up)%n",
                    connections, seconds);
            run(List.of("wrk", "-t2", "-c" + connections, "-d5s", "-H", "Authorization: Bearer " + token, url), false);
            run(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-H",
                    "Authorization: Bearer " + token, url), true);
            return;
        }
        System.out.println("wrk is not installed (apt-get install wrk); using the JDK HTTP client in this JVM");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build();
        load("GET /users/me", connections, seconds, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static void loginLoad(SampleApplication app, HttpClient http, int seconds) throws Exception {
        String email = "login-" + System.nanoTime() + "@example.com";
        post(app, http, "/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"displayName\":\"Login\"}", 201);
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                        + "\"}"))
                .build();
        load("POST /auth/token (correct password)", 2, seconds,
                () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static void load(String what, int threads, int seconds, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong errors = new AtomicLong();
        List<Future<List<Long>>> futures = new ArrayList<>();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return latencies;
                    }
                    int status = call.call().statusCode();
                    if (status >= 300) {
                        errors.incrementAndGet();
                    }
                    if (start >= warmupEnd) {
                        latencies.add(System.nanoTime() - start);
                    }
                }
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s: %d threads, %d s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d non-2xx%n", what,
                threads, seconds, sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, errors.get());
    }

    private static String post(SampleApplication app, HttpClient http, String path, String json, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void run(List<String> command, boolean print) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        if (print) {
            System.out.print(output);
        }
    }
}
