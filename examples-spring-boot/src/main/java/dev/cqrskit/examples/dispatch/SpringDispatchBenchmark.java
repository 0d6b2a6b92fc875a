package dev.cqrskit.examples.dispatch;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.spring.boot.autoconfigure.CqrsBusAutoConfiguration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dispatch through a {@link CommandBus} built by hand and through the one the starter's
 * {@link CqrsBusAutoConfiguration} builds from a handler bean, in one JMH run: the same handler class and body as
 * {@code DispatchBenchmark.commandNoMiddleware} in the benchmarks module ({@code amount + 1} on a preallocated
 * command), no middleware on either side. The Spring context is the smallest that holds the bus: the handler bean and
 * the bus auto-configuration, imported as Boot imports it; no web server, no DataSource.
 *
 * <p>It lives here, not in the benchmarks module, because that module stays on the rest of the build's Spring
 * Framework 6.2 pin; Spring Boot 4 needs Framework 7, which only the Spring Boot modules manage (docs/benchmarks.md,
 * section 7).
 *
 * <pre>
 * ./mvnw -B -q -pl examples-spring-boot -am package dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
 * java -cp examples-spring-boot/target/classes:$(cat examples-spring-boot/target/classpath.txt) \
 *     org.openjdk.jmh.Main SpringDispatchBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SpringDispatchBenchmark {

    /** The command both buses dispatch. */
    public record Deposit(String accountId, int amount) implements Command<Integer> {
    }

    /** The handler both buses call: a component class, as an application declares one. */
    public static final class DepositHandler implements CommandHandler<Deposit, Integer> {
        @Override
        public Integer handle(Deposit command) {
            return command.amount() + 1;
        }
    }

    /** The Spring side: one handler bean and the starter's bus auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CqrsBusAutoConfiguration.class)
    public static class Handlers {
        @Bean
        DepositHandler depositHandler() {
            return new DepositHandler();
        }
    }

    private final Deposit deposit = new Deposit("a1", 41);

    private CommandBus handBuilt;
    private CommandBus springBuilt;
    private AnnotationConfigApplicationContext context;

    /** Builds both buses and checks that they answer alike. */
    @Setup
    public void setUp() {
        handBuilt = CommandBus.builder().handle(Deposit.class, new DepositHandler()).build();
        context = new AnnotationConfigApplicationContext(Handlers.class);
        springBuilt = context.getBean(CommandBus.class);
        if (!handBuilt.dispatch(deposit).equals(springBuilt.dispatch(deposit))) {
            throw new IllegalStateException("The two buses answer differently: " + handBuilt.dispatch(deposit)
                    + " and " + springBuilt.dispatch(deposit));
        }
    }

    /** Closes the Spring context. */
    @TearDown
    public void tearDown() {
        context.close();
    }

    /** {@code CommandBus.builder().handle(Deposit.class, handler).build()}. */
    @Benchmark
    public Integer handBuilt() {
        return handBuilt.dispatch(deposit);
    }

    /** The bus {@code CqrsBusAutoConfiguration} built from the {@code DepositHandler} bean. */
    @Benchmark
    public Integer springBuilt() {
        return springBuilt.dispatch(deposit);
    }
}
