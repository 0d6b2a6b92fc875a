package dev.cqrskit.eventbridge.emulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A local Amazon EventBridge for tests and local runs: an HTTP server on 127.0.0.1 that speaks the real PutEvents
 * wire protocol (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}), so the real AWS SDK clients and tools
 * work against it unchanged with an endpoint override and any credentials (signatures are accepted, not checked).
 *
 * <p>It validates entries like EventBridge (at most 10 entries, the 256 KB request size by AWS's entry-size formula,
 * required {@code Source}/{@code DetailType}/{@code Detail}, {@code Detail} a JSON object) and answers with AWS's
 * error codes; records every accepted event; matches rules written as EventBridge event patterns with AWS's own
 * event-ruler and delivers matches to in-process {@link EventTarget}s; and injects {@link Faults}.
 *
 * <pre>{@code
 * EventQueue registrations = new EventQueue();
 * try (EventBridgeEmulator emulator = EventBridgeEmulator.builder()
 *         .rule("registrations", "{\"detail-type\":[\"user.UserRegistered.v1\"]}", registrations)
 *         .start()) {
 *     EventBridgeClient client = EventBridgeClient.builder()
 *             .endpointOverride(emulator.endpoint())
 *             .region(Region.of(emulator.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *             .build();
 *     // ... put events ...
 *     registrations.await(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>This class is threadsafe. It needs {@code software.amazon.event.ruler:event-ruler} and
 * {@code com.fasterxml.jackson.core:jackson-databind} on the class path (dependencies of this artifact).
 * Loading it sets the JDK system property {@code sun.net.httpserver.nodelay=true} unless it is already set, so that
 * keep-alive calls do not wait for delayed ACKs.
 *
 * @since 0.1.0
 */
public final class EventBridgeEmulator implements AutoCloseable {

    /** AWS's PutEvents request size limit, by its entry-size formula: 256 KB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    static {
        // The JDK server writes a response's headers and body in two packets; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK (~40 ms on Linux) on every keep-alive call. The JDK reads this property
        // once, when its HTTP server classes load; an explicit setting by the user wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String region;
    private final String account;
    private final RuleBook rules;
    private final EventQueue recorded = new EventQueue();
    private final PutEventsHandler handler;
    private volatile Faults faults = Faults.none();
    private volatile Random random = new Random();

    private EventBridgeEmulator(Builder builder) throws IOException {
        this.region = builder.region;
        this.account = builder.account;
        this.rules = builder.rules;
        this.handler = new PutEventsHandler(region, account, builder.maxRequestBytes, builder.clock, rules, recorded,
                () -> faults, () -> random);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 64);
        this.executor = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "eventbridge-emulator-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        injectFaults(builder.faults);
        server.start();
    }

    /**
     * Returns a builder with region {@code us-east-1}, account {@code 123456789012}, a free port, the 256 KB size
     * limit, no rules and no faults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with the defaults of {@link #builder()}.
     *
     * @return the running emulator
     */
    public static EventBridgeEmulator start() {
        return builder().start();
    }

    /** @return the port the emulator listens on, on 127.0.0.1 */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the URI to pass to the SDK's {@code endpointOverride}, {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return the region put into every event's envelope */
    public String region() {
        return region;
    }

    /** @return the account id put into every event's envelope */
    public String account() {
        return account;
    }

    /**
     * Adds a rule on the {@code default} bus while running.
     *
     * @param name         the rule's name
     * @param eventPattern an EventBridge event pattern as JSON
     * @param target       receives the matching events
     * @return this emulator
     * @throws IllegalArgumentException if the pattern is invalid or the name is taken
     */
    public EventBridgeEmulator addRule(String name, String eventPattern, EventTarget target) {
        rules.add("default", name, eventPattern, target);
        return this;
    }

    /**
     * Replaces the injected faults; takes effect with the next call.
     *
     * @param faults the faults to inject, {@link Faults#none()} for none
     */
    public void injectFaults(Faults faults) {
        Objects.requireNonNull(faults, "faults must not be null");
        this.random = faults.seed().isPresent() ? new Random(faults.seed().getAsLong()) : new Random();
        this.faults = faults;
    }

    /** Stops injecting faults. */
    public void clearFaults() {
        injectFaults(Faults.none());
    }

    /** @return the faults injected now */
    public Faults faults() {
        return faults;
    }

    /** @return every accepted event so far, in the order they were accepted */
    public List<EmulatedEvent> events() {
        return recorded.events();
    }

    /**
     * Waits until at least {@code count} events were accepted.
     *
     * @param count   how many to wait for
     * @param timeout how long to wait at most
     * @return all accepted events, at least {@code count}
     * @throws AssertionError if fewer arrived in time; the message lists those that did
     */
    public List<EmulatedEvent> awaitEvents(int count, Duration timeout) {
        return recorded.await(count, timeout);
    }

    /**
     * Waits until an accepted event matches the condition.
     *
     * @param condition what the event must satisfy
     * @param timeout   how long to wait at most
     * @return the first matching event
     * @throws AssertionError if none arrived in time; the message lists those that did
     */
    public EmulatedEvent awaitEvent(Predicate<EmulatedEvent> condition, Duration timeout) {
        return recorded.awaitFirst(condition, timeout);
    }

    /** @return how many PutEvents calls arrived, whatever became of them */
    public long putEventsRequests() {
        return handler.requests();
    }

    /** @return how many PutEvents calls were answered with an error or a dropped connection as a whole */
    public long rejectedRequests() {
        return handler.rejectedRequests();
    }

    /** Forgets the recorded events (not the counters, rules or faults). */
    public void clearEvents() {
        recorded.clear();
    }

    /** Stops the server at once; calls in progress are cut off. Closing twice is harmless. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "EventBridgeEmulator[" + endpoint() + ", region=" + region + ", account=" + account + "]";
    }

    /**
     * Configures and starts an {@link EventBridgeEmulator}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String region = "us-east-1";
        private String account = "123456789012";
        private int port;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private Clock clock = Clock.systemUTC();
        private Faults faults = Faults.none();
        private final RuleBook rules = new RuleBook();

        private Builder() {
        }

        /** @param region the region put into every envelope, e.g. {@code eu-west-1} @return this builder */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region must not be null");
            if (region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            this.region = region;
            return this;
        }

        /** @param account the 12-digit account id put into every envelope @return this builder */
        public Builder account(String account) {
            Objects.requireNonNull(account, "account must not be null");
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("account must be 12 digits, like 123456789012, but was '"
                        + account + "'");
            }
            this.account = account;
            return this;
        }

        /** @param port the port to listen on, 0 (the default) for a free one @return this builder */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the request size limit by AWS's entry-size formula.
         *
         * @param maxRequestBytes the limit in bytes; defaults to {@link #DEFAULT_MAX_REQUEST_BYTES}
         * @return this builder
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("maxRequestBytes must be positive but was " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** @param clock the clock for events sent without a {@code Time} @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** @param faults the faults injected from the start @return this builder */
        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults must not be null");
            return this;
        }

        /**
         * Adds a rule on the {@code default} bus.
         *
         * @param name         the rule's name, unique per bus
         * @param eventPattern an EventBridge event pattern as JSON, e.g. {@code {"source":["users"]}}
         * @param target       receives the matching events
         * @return this builder
         * @throws IllegalArgumentException if the pattern is invalid or the name is taken
         */
        public Builder rule(String name, String eventPattern, EventTarget target) {
            return rule("default", name, eventPattern, target);
        }

        /**
         * Adds a rule on a named bus.
         *
         * @param eventBusName the bus's name (entries may name it or its ARN)
         * @param name         the rule's name, unique per bus
         * @param eventPattern an EventBridge event pattern as JSON
         * @param target       receives the matching events
         * @return this builder
         * @throws IllegalArgumentException if the pattern is invalid or the name is taken
         */
        public Builder rule(String eventBusName, String name, String eventPattern, EventTarget target) {
            rules.add(eventBusName, name, eventPattern, target);
            return this;
        }

        /**
         * Starts the emulator; it listens once this returns.
         *
         * @return the running emulator
         * @throws UncheckedIOException if the port cannot be bound
         */
        public EventBridgeEmulator start() {
            try {
                return new EventBridgeEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the EventBridge emulator on 127.0.0.1:" + port
                        + ": " + e.getMessage() + ". Use port(0) to pick a free port.", e);
            }
        }
    }
}
