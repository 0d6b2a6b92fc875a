package dev.cqrskit.sample.app;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The sample app's entry point: {@code serve} (the default), {@code demo}, or an operator command.
 *
 * <pre>
 * ./mvnw -B -q -pl sample-app -am package -DskipTests -Psample                      # serve
 * ./mvnw -B -q -pl sample-app -am package -DskipTests -Psample -Dsample.args=demo    # demo, exits 0
 * </pre>
 */
public final class SampleApp {

    private SampleApp() {
    }

    /**
     * Runs the app.
     *
     * @param args the mode and its options
     */
    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.out);
        if (code != 0 || (args.length > 0 && !args[0].equals("serve"))) {
            System.exit(code);
        }
    }

    /**
     * Runs a mode; {@code serve} blocks until the process is stopped.
     *
     * @param args the mode and its options
     * @param env  the environment
     * @param out  where to print
     * @return the exit code: 0 on success, 1 on failure, 2 on bad configuration or usage
     */
    public static int run(List<String> args, Map<String, String> env, PrintStream out) {
        String mode = args.isEmpty() ? "serve" : args.get(0);
        try {
            Config config = Config.from(env);
            switch (mode) {
                case "serve" -> {
                    serve(config, out);
                    return 0;
                }
                case "demo" -> {
                    return demo(config, out);
                }
                case "help", "--help", "-h" -> {
                    out.println(Cli.USAGE);
                    return 0;
                }
                default -> {
                    return new Cli(out).run(config, args);
                }
            }
        } catch (ConfigException | IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static void serve(Config config, PrintStream out) {
        SampleApplication app = SampleApplication.serve(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "sample-app-shutdown"));
        out.println(Banner.of(app));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int demo(Config config, PrintStream out) {
        Config local = config.locally(0);
        try (SampleApplication app = SampleApplication.serve(local)) {
            out.println("Demo: the sample app is running at " + app.baseUrl() + " on " + app.databaseDescription()
                    + " and the " + app.brokerDescription());
            return new Demo(app, out).run() ? 0 : 1;
        }
    }
}
