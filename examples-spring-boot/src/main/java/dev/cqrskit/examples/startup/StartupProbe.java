package dev.cqrskit.examples.startup;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import com.sun.management.OperatingSystemMXBean;
import dev.cqrskit.outbox.EventTypes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * One measured context start, in a fresh JVM started by {@link StartupCost}: prints how long
 * {@code SpringApplication.run} took, the CPU time of the thread that ran it and that of the whole process over the
 * same span (JIT compiler and GC threads included), in microseconds. The first argument names the variant; the others are
 * Spring properties ({@code --name=value}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupProbe {

    record Register(String name) implements Command<String> {
    }

    record ByName(String name) implements Query<String> {
    }

    record Registered(String name) implements DomainEvent {
    }

    @Bean
    CommandHandler<Register, String> register() {
        return command -> command.name();
    }

    @Bean
    QueryHandler<ByName, String> byName() {
        return query -> query.name();
    }

    @Bean
    EventSubscriber<Registered> registered() {
        return event -> { };
    }

    /**
     * A publisher that answers every event as published, for the variant that runs the relay without paying for a
     * broker client (the AWS SDK's EventBridge client alone adds about 0.9 s: the {@code with-eventbridge} variant).
     */
    @Bean
    @ConditionalOnProperty(name = "probe.publisher", havingValue = "no-op")
    EventPublisher noOpPublisher() {
        return batch -> batch.stream().map(event -> PublishOutcome.published(event.messageId(), null)).toList();
    }

    @Bean
    EventTypes eventTypes() {
        return EventTypes.builder().add(Registered.class, "probe.Registered.v1").build();
    }

    public static void main(String[] args) {
        String[] properties = java.util.Arrays.copyOfRange(args, 1, args.length);
        SpringApplication application = new SpringApplication(StartupProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        long threadCpuStart = threads.getCurrentThreadCpuTime();
        long processCpuStart = process.getProcessCpuTime();
        long start = System.nanoTime();
        ConfigurableApplicationContext context = application.run(properties);
        long micros = (System.nanoTime() - start) / 1_000;
        long threadCpuMicros = (threads.getCurrentThreadCpuTime() - threadCpuStart) / 1_000;
        long processCpuMicros = (process.getProcessCpuTime() - processCpuStart) / 1_000;
        context.close();
        System.out.println("STARTUP " + args[0] + " " + micros + " " + threadCpuMicros + " " + processCpuMicros);
    }
}
