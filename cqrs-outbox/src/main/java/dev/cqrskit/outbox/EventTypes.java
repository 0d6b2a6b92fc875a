package dev.cqrskit.outbox;

import dev.cqrskit.core.DomainEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps event classes to stable type names and back, so stored rows and published messages never carry a class name:
 * renaming or moving a class keeps its name, and old rows still decode.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.builder()
 *         .add(UserRegistered.class, "user.UserRegistered.v1")
 *         .add(PasswordChanged.class, "user.PasswordChanged.v1")
 *         .alias("user.Registered", UserRegistered.class)   // a name used by older rows
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @since 0.1.0
 */
public final class EventTypes {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

    private final Map<Class<?>, String> names;
    private final Map<String, Class<? extends DomainEvent>> types;

    private EventTypes(Builder builder) {
        this.names = Map.copyOf(builder.names);
        this.types = Map.copyOf(builder.types);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the stable name of an event's class.
     *
     * @param type the event class
     * @return its registered name
     * @throws OutboxException if the class is not registered
     */
    public String nameOf(Class<? extends DomainEvent> type) {
        Objects.requireNonNull(type, "type must not be null");
        String name = names.get(type);
        if (name == null) {
            throw new OutboxException("No event type name registered for " + type.getName() + ". Registered: "
                    + new java.util.TreeSet<>(names.values()) + ". Register it with EventTypes.builder().add("
                    + type.getSimpleName() + ".class, \"context." + type.getSimpleName() + ".v1\").");
        }
        return name;
    }

    /**
     * Returns the class registered under a name or alias.
     *
     * @param name a stored type name
     * @return the class, or empty if the name is unknown
     */
    public Optional<Class<? extends DomainEvent>> typeOf(String name) {
        return Optional.ofNullable(types.get(Objects.requireNonNull(name, "name must not be null")));
    }

    /**
     * Builds {@link EventTypes}; rejects a class or name registered twice. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<Class<?>, String> names = new LinkedHashMap<>();
        private final Map<String, Class<? extends DomainEvent>> types = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers an event class under its stable name, used for writing and reading.
         *
         * @param type the event class
         * @param name its stable name: letters, digits and {@code . _ : / -}, at most 200 characters
         * @return this builder
         * @throws IllegalArgumentException if the class or the name is already registered, or the name is invalid
         */
        public Builder add(Class<? extends DomainEvent> type, String name) {
            Objects.requireNonNull(type, "type must not be null");
            if (names.containsKey(type)) {
                throw new IllegalArgumentException(type.getName() + " is already registered as '" + names.get(type)
                        + "'; an event class has exactly one name (use alias(...) for older names).");
            }
            claim(name, type);
            names.put(type, name);
            return this;
        }

        /**
         * Registers another name that reads as the given class, for rows written under an older name.
         *
         * @param name the older name
         * @param type the event class it decodes to
         * @return this builder
         * @throws IllegalArgumentException if the name is already registered or invalid
         */
        public Builder alias(String name, Class<? extends DomainEvent> type) {
            Objects.requireNonNull(type, "type must not be null");
            claim(name, type);
            return this;
        }

        private void claim(String name, Class<? extends DomainEvent> type) {
            Objects.requireNonNull(name, "name must not be null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Event type name '" + name + "' for " + type.getName()
                        + " is invalid: use letters, digits and . _ : / - (at most 200 characters),"
                        + " e.g. \"user.UserRegistered.v1\".");
            }
            Class<?> existing = types.putIfAbsent(name, type);
            if (existing != null) {
                throw new IllegalArgumentException("Event type name '" + name + "' is already registered for "
                        + existing.getName() + "; cannot register it for " + type.getName() + " too.");
            }
        }

        /** @return the registry */
        public EventTypes build() {
            return new EventTypes(this);
        }
    }
}
