package dev.cqrskit.examples.startup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.core.metrics.StartupStep;

/**
 * Where a start of {@link StartupProbe} spends its time: the context is started once with Spring's
 * {@link BufferingApplicationStartup}, and the steps are printed by self time (a step's duration minus its children's),
 * bean instantiations named by bean. Run it for two {@link StartupCost} variants to see what the starter's beans
 * cost; the first bean to touch a library pays for loading and initializing its classes.
 *
 * <pre>
 * java -cp $CP dev.cqrskit.examples.startup.StartupSteps with 25
 * java -cp $CP dev.cqrskit.examples.startup.StartupSteps without 25
 * java -cp $CP dev.cqrskit.examples.startup.StartupSteps with 25 --management.endpoints.jackson2.isolated-object-mapper=false
 * </pre>
 */
public final class StartupSteps {

    private StartupSteps() {
    }

    public static void main(String[] args) {
        Map<String, List<String>> variants = StartupCost.variants(List.of(args).subList(Math.min(2, args.length),
                args.length));
        List<String> properties = variants.get(args[0]);
        if (properties == null) {
            throw new IllegalArgumentException("Unknown variant '" + args[0] + "'; use one of " + variants.keySet()
                    + ", then how many steps to print, e.g. 'with 25', then any Spring properties for the start.");
        }
        int top = Integer.parseInt(args[1]);
        SpringApplication application = new SpringApplication(StartupProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
        application.setApplicationStartup(startup);
        long start = System.nanoTime();
        application.run(properties.toArray(String[]::new)).close();
        System.out.printf("SpringApplication.run and close: %.1f ms%n%10s  step%n", (System.nanoTime() - start) / 1e6,
                "self ms");
        List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        Map<Long, Long> selfNanos = new HashMap<>();
        for (TimelineEvent event : events) {
            selfNanos.merge(event.getStartupStep().getId(), event.getDuration().toNanos(), Long::sum);
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                selfNanos.merge(parent, -event.getDuration().toNanos(), Long::sum);
            }
        }
        List<TimelineEvent> bySelf = new ArrayList<>(events);
        bySelf.sort((a, b) -> Long.compare(selfNanos.get(b.getStartupStep().getId()),
                selfNanos.get(a.getStartupStep().getId())));
        bySelf.stream().limit(top).forEach(event -> System.out.printf("%10.1f  %s%n",
                selfNanos.get(event.getStartupStep().getId()) / 1e6, describe(event.getStartupStep())));
    }

    private static String describe(StartupStep step) {
        for (StartupStep.Tag tag : step.getTags()) {
            if (tag.getKey().equals("beanName")) {
                return "bean " + tag.getValue();
            }
        }
        return step.getName();
    }
}
