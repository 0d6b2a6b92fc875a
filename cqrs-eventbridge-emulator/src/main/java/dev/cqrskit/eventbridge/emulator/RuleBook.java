package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.GenericMachine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The emulator's rules: per bus, an event-ruler machine of rule names and the targets of each rule. Threadsafe. */
final class RuleBook {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private final Map<String, GenericMachine<String>> machines = new ConcurrentHashMap<>();
    private final Map<String, List<EventTarget>> targets = new ConcurrentHashMap<>();

    synchronized void add(String eventBusName, String ruleName, String eventPattern, EventTarget target) {
        Objects.requireNonNull(eventBusName, "eventBusName must not be null");
        Objects.requireNonNull(ruleName, "ruleName must not be null");
        Objects.requireNonNull(eventPattern, "eventPattern must not be null");
        Objects.requireNonNull(target, "target must not be null");
        String key = eventBusName + "/" + ruleName;
        if (targets.containsKey(key)) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' already exists on bus '" + eventBusName
                    + "'. Rules so far: " + new TreeSet<>(targets.keySet()) + ". Give each rule its own name.");
        }
        GenericMachine<String> machine = machines.computeIfAbsent(eventBusName, bus -> new GenericMachine<>());
        try {
            machine.addRule(key, eventPattern);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' on bus '" + eventBusName
                    + "' has an invalid event pattern " + eventPattern + ": " + e.getMessage()
                    + ". Write it as an EventBridge event pattern, e.g. {\"source\":[\"users\"]}.", e);
        }
        targets.put(key, List.of(target));
    }

    /** Delivers the event to the targets of every matching rule; returns how many rules matched. */
    int route(EmulatedEvent event, JsonNode envelope) {
        GenericMachine<String> machine = machines.get(event.eventBusName());
        if (machine == null) {
            return 0;
        }
        List<String> matched = machine.rulesForEvent(envelope);
        for (String rule : matched) {
            for (EventTarget target : targets.getOrDefault(rule, List.of())) {
                try {
                    target.deliver(event);
                } catch (RuntimeException e) {
                    LOG.warn("Target of rule {} failed on event {}; the PutEvents call still succeeds", rule,
                            event.id(), e);
                }
            }
        }
        return matched.size();
    }
}
