package dev.cqrskit.eventbridge.emulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
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
 * work against it unchanged with an endpoint override and any credentials. With
 * {@link Builder#requireSignedRequests(boolean)} it rejects requests without a Signature Version 4
 * {@code Authorization} header like AWS (the signature itself is not verified).
 *
 * <p>It validates entries as strictly as EventBridge and answers in AWS's error shapes, so a request that AWS would
 * refuse fails here too:
 * <ul>
 *   <li>whole call, HTTP 400 {@code ValidationException}: more than 10 entries; a total entry size (AWS's formula)
 *       not less than the limit, 256 KB unless {@link Builder#largeRequestSizeLimit()}; an {@code EventBusName} that
 *       is neither a name of {@code [/.\-_A-Za-z0-9]+} nor an event-bus ARN, or longer than 1,600 characters; a
 *       {@code TraceHeader} longer than 500 characters;</li>
 *   <li>per entry: missing {@code Source}/{@code DetailType}/{@code Detail} and a {@code DetailType} longer than
 *       128 characters ({@code InvalidArgument}), a {@code Source} starting with {@code aws.}
 *       ({@code NotAuthorizedForSourceException}), a {@code Detail} that is not a JSON object
 *       ({@code MalformedDetail}).</li>
 * </ul>
 * It records every accepted event; matches rules written as EventBridge event patterns with AWS's own event-ruler
 * (array-consistent, as EventBridge matches); delivers matches to up to 5 in-process {@link EventTarget}s per rule,
 * after answering the call unless {@link Builder#synchronousDelivery()}; and injects {@link Faults}, among them the
 * duplicate and out-of-order deliveries EventBridge's at-least-once delivery produces.
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
 * <p>This class is threadsafe and depends on no test library: an application's {@code main} can run it as its local
 * broker. It needs {@code software.amazon.event.ruler:event-ruler} and
 * {@code com.fasterxml.jackson.core:jackson-databind} on the class path (dependencies of this artifact).
 * Loading it sets the JDK system property {@code sun.net.httpserver.nodelay=true} unless it is already set, so that
 * keep-alive calls do not wait for delayed ACKs.
 *
 * @since 0.1.0
 */
public final class EventBridgeEmulator implements AutoCloseable {

    /** AWS's PutEvents request size limit, by its entry-size formula: 256 KB; the total must be less than this. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
    /** The larger PutEvents size limit some regions have: 1 MiB; the total must be less than this. */
    public static final int LARGE_MAX_REQUEST_BYTES = 1024 * 1024;

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
    private final Deliveries deliveries;
    private volatile Faults faults = Faults.none();
    private volatile Random random = new Random();

    private EventBridgeEmulator(Builder builder) throws IOException {
        this.region = builder.region;
        this.account = builder.account;
        this.rules = builder.rules;
        this.deliveries = new Deliveries(builder.synchronousDelivery, () -> faults, () -> random);
        this.handler = new PutEventsHandler(region, account, builder.maxRequestBytes, builder.requireSignedRequests,
                builder.clock, rules, recorded, deliveries, () -> faults, () -> random);
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
     * limit, unsigned requests accepted, asynchronous delivery, no rules and no faults.
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
     * Adds a rule on the {@code default} bus while running; it applies to calls that arrive after this returns.
     *
     * @param name         the rule's name
     * @param eventPattern an EventBridge event pattern as JSON, at most 2,048 characters
     * @param targets      1 to 5 targets that receive the matching events
     * @return this emulator
     * @throws IllegalArgumentException if the pattern is invalid or too long, the name is taken or the number of
     *                                  targets is not 1 to 5
     */
    public EventBridgeEmulator addRule(String name, String eventPattern, EventTarget... targets) {
        return addRule("default", name, eventPattern, targets);
    }

    /**
     * Adds a rule on a named bus while running; it applies to calls that arrive after this returns.
     *
     * @param eventBusName the bus's name
     * @param name         the rule's name, unique per bus
     * @param eventPattern an EventBridge event pattern as JSON, at most 2,048 characters
     * @param targets      1 to 5 targets that receive the matching events
     * @return this emulator
     * @throws IllegalArgumentException as {@link #addRule(String, String, EventTarget...)}
     */
    public EventBridgeEmulator addRule(String eventBusName, String name, String eventPattern, EventTarget... targets) {
        rules.add(eventBusName, name, eventPattern,
                Arrays.asList(Objects.requireNonNull(targets, "targets must not be null")));
        return this;
    }

    /**
     * Removes a rule while running; calls that arrive after this returns are not matched against it. Deliveries
     * of events it matched before may still follow.
     *
     * @param eventBusName the bus's name
     * @param name         the rule's name
     * @return this emulator
     * @throws IllegalArgumentException if the bus has no rule of that name
     */
    public EventBridgeEmulator removeRule(String eventBusName, String name) {
        rules.remove(eventBusName, name);
        return this;
    }

    /**
     * Waits until every delivery to targets of the events accepted so far has been made, including held-back and
     * duplicated ones. Useful before asserting that a target received nothing.
     *
     * @param timeout how long to wait at most
     * @throws AssertionError if deliveries are still pending after the timeout
     */
    public void awaitDeliveries(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.pending() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(deliveries.pending() + " deliveries still pending after " + timeout);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for deliveries", e);
            }
        }
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
        deliveries.close();
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
        private boolean requireSignedRequests;
        private boolean synchronousDelivery;
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
         * Sets the request size limit by AWS's entry-size formula; a request's total must be less than it.
         *
         * @param maxRequestBytes the limit in bytes, 1 to {@link #LARGE_MAX_REQUEST_BYTES}; defaults to
         *                        {@link #DEFAULT_MAX_REQUEST_BYTES}
         * @return this builder
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1 || maxRequestBytes > LARGE_MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("maxRequestBytes must be from 1 to " + LARGE_MAX_REQUEST_BYTES
                        + ", but was " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * Uses the 1 MiB limit of the regions that have it instead of 256 KB: the same as
         * {@code maxRequestBytes(LARGE_MAX_REQUEST_BYTES)}. Pair it with the publisher's setting of the same limit.
         *
         * @return this builder
         */
        public Builder largeRequestSizeLimit() {
            return maxRequestBytes(LARGE_MAX_REQUEST_BYTES);
        }

        /**
         * Rejects requests without a Signature Version 4 {@code Authorization} header with HTTP 403
         * {@code MissingAuthenticationToken}, incomplete ones with {@code IncompleteSignature} and ones scoped to
         * another service or region with {@code InvalidSignatureException}, as AWS does. The signature itself is
         * not verified. Off by default; turn it on in tests so an unsigned client fails here as it would on AWS.
         *
         * @param require whether to require signed requests
         * @return this builder
         */
        public Builder requireSignedRequests(boolean require) {
            this.requireSignedRequests = require;
            return this;
        }

        /**
         * Calls targets on the server thread before the PutEvents call is answered, so a target has seen an event
         * when the client's call returns. By default targets run afterwards on a delivery thread, as EventBridge
         * delivers after it accepted an event. Held-back and duplicated deliveries ({@link Faults}) stay
         * asynchronous.
         *
         * @return this builder
         */
        public Builder synchronousDelivery() {
            this.synchronousDelivery = true;
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
         * @param eventPattern an EventBridge event pattern as JSON, e.g. {@code {"source":["users"]}}, at most
         *                     2,048 characters
         * @param target       receives the matching events
         * @return this builder
         * @throws IllegalArgumentException if the pattern is invalid or too long or the name is taken
         */
        public Builder rule(String name, String eventPattern, EventTarget target) {
            return rule("default", name, eventPattern, target);
        }

        /**
         * Adds a rule on a named bus.
         *
         * @param eventBusName the bus's name (entries may name it or its ARN)
         * @param name         the rule's name, unique per bus
         * @param eventPattern an EventBridge event pattern as JSON, at most 2,048 characters
         * @param targets      1 to 5 targets that receive the matching events
         * @return this builder
         * @throws IllegalArgumentException if the pattern is invalid or too long, the name is taken or the number
         *                                  of targets is not 1 to 5
         */
        public Builder rule(String eventBusName, String name, String eventPattern, EventTarget... targets) {
            rules.add(eventBusName, name, eventPattern,
                    Arrays.asList(Objects.requireNonNull(targets, "targets must not be null")));
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
