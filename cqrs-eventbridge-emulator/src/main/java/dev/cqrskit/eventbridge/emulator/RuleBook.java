package dev.cqrskit.eventbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.GenericMachine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's rules: per bus, an event-ruler machine of rule keys ({@code bus/name}) and each rule's targets.
 * Matching uses event-ruler's array-consistent {@code rulesForJSONEvent}, as EventBridge does: the fields a pattern
 * names inside an array of objects must match within one element of that array. Threadsafe: changes are
 * serialized, matching runs concurrently with them.
 */
final class RuleBook {

    /** EventBridge's limit on targets per rule. */
    static final int MAX_TARGETS_PER_RULE = 5;
    /** EventBridge's limit on the characters of an event pattern. */
    static final int MAX_PATTERN_CHARACTERS = 2048;

    private record Rule(String bus, String name, String pattern, List<EventTarget> targets) {
    }

    private final Map<String, GenericMachine<String>> machines = new ConcurrentHashMap<>();
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    synchronized void add(String eventBusName, String ruleName, String eventPattern, List<EventTarget> targets) {
        Objects.requireNonNull(eventBusName, "eventBusName must not be null");
        Objects.requireNonNull(ruleName, "ruleName must not be null");
        Objects.requireNonNull(eventPattern, "eventPattern must not be null");
        Objects.requireNonNull(targets, "targets must not be null");
        targets.forEach(target -> Objects.requireNonNull(target, "targets must not contain null"));
        String key = eventBusName + "/" + ruleName;
        if (rules.containsKey(key)) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' already exists on bus '" + eventBusName
                    + "'. Rules so far: " + new TreeSet<>(rules.keySet()) + ". Give each rule its own name.");
        }
        if (targets.isEmpty() || targets.size() > MAX_TARGETS_PER_RULE) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' on bus '" + eventBusName + "' must have 1 to "
                    + MAX_TARGETS_PER_RULE + " targets, as in EventBridge, but has " + targets.size()
                    + ". Add another rule with the same pattern for more targets.");
        }
        if (eventPattern.length() > MAX_PATTERN_CHARACTERS) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' on bus '" + eventBusName + "' has an event"
                    + " pattern of " + eventPattern.length() + " characters; EventBridge allows at most "
                    + MAX_PATTERN_CHARACTERS + ". Match on fewer values, e.g. with a prefix.");
        }
        GenericMachine<String> machine = machines.computeIfAbsent(eventBusName, bus -> new GenericMachine<>());
        try {
            machine.addRule(key, eventPattern);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' on bus '" + eventBusName
                    + "' has an invalid event pattern " + eventPattern + ": " + e.getMessage()
                    + ". Write it as an EventBridge event pattern, e.g. {\"source\":[\"users\"]}.", e);
        }
        rules.put(key, new Rule(eventBusName, ruleName, eventPattern, List.copyOf(targets)));
    }

    synchronized void remove(String eventBusName, String ruleName) {
        Objects.requireNonNull(eventBusName, "eventBusName must not be null");
        Objects.requireNonNull(ruleName, "ruleName must not be null");
        String key = eventBusName + "/" + ruleName;
        Rule rule = rules.get(key);
        if (rule == null) {
            throw new IllegalArgumentException("Rule '" + ruleName + "' does not exist on bus '" + eventBusName
                    + "'. Rules so far: " + new TreeSet<>(rules.keySet()) + ".");
        }
        try {
            machines.get(eventBusName).deleteRule(key, rule.pattern());
        } catch (IOException e) {
            throw new IllegalStateException("event-ruler could not delete rule " + key + " whose pattern it accepted", e);
        }
        rules.remove(key);
    }

    /** Returns the targets of every rule on the event's bus that matches its envelope, once per rule. */
    List<Match> match(String eventBusName, JsonNode envelope) {
        GenericMachine<String> machine = machines.get(eventBusName);
        if (machine == null) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        for (String key : machine.rulesForJSONEvent(envelope)) {
            Rule rule = rules.get(key);
            if (rule != null) {
                for (EventTarget target : rule.targets()) {
                    matches.add(new Match(key, target));
                }
            }
        }
        return matches;
    }

    /** A target to deliver an event to, and the rule ({@code bus/name}) that matched it. */
    record Match(String rule, EventTarget target) {
    }
}
