package dev.cqrskit.test.eventbridge;

import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs an {@link EventBridgeEmulator} for JUnit 5 tests: strict like AWS (unsigned requests are refused), started
 * once per test class when registered on a {@code static} field and once per test on an instance field, with the
 * recorded events and injected faults reset before every test. Tests receive it as a field or as a parameter of
 * type {@code EventBridgeEmulator}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EventBridgeEmulatorExtension EVENTBRIDGE = EventBridgeEmulatorExtension.of(builder -> builder
 *         .region("eu-west-1")
 *         .rule("registrations", "{\"detail-type\":[\"user.UserRegistered.v1\"]}", registrations));
 *
 * @Test
 * void publishes(EventBridgeEmulator emulator) {
 *     // point the client at emulator.endpoint(), publish, then await on the rule's EventQueue
 * }
 * }</pre>
 *
 * <p>Delivery to targets is asynchronous, as in EventBridge: wait with {@code EventQueue.await} or
 * {@link EventBridgeEmulator#awaitDeliveries(java.time.Duration)} before asserting. This class is threadsafe for
 * JUnit's sequential lifecycle; parallel tests in one class share one emulator.
 *
 * @since 0.1.0
 */
public final class EventBridgeEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final UnaryOperator<EventBridgeEmulator.Builder> configuration;
    private volatile EventBridgeEmulator emulator;
    private volatile boolean perTest;

    private EventBridgeEmulatorExtension(UnaryOperator<EventBridgeEmulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /**
     * Returns an extension whose emulator has the defaults of {@link EventBridgeEmulator#builder()}, except that it
     * requires signed requests.
     *
     * @return a new extension
     */
    public static EventBridgeEmulatorExtension strict() {
        return of(UnaryOperator.identity());
    }

    /**
     * Returns an extension whose emulator is configured by the function, on top of a builder that requires signed
     * requests (the function may turn that off).
     *
     * @param configuration adds rules, a region, faults or other settings to the builder
     * @return a new extension
     */
    public static EventBridgeEmulatorExtension of(UnaryOperator<EventBridgeEmulator.Builder> configuration) {
        return new EventBridgeEmulatorExtension(Objects.requireNonNull(configuration, "configuration must not be null"));
    }

    /**
     * Returns the running emulator.
     *
     * @return the emulator of the current test class or test
     * @throws IllegalStateException outside a test's lifecycle
     */
    public EventBridgeEmulator emulator() {
        EventBridgeEmulator running = emulator;
        if (running == null) {
            throw new IllegalStateException("The EventBridge emulator runs only while a test runs. Register this"
                    + " extension with @RegisterExtension and use it from a test or a @BeforeEach method.");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            perTest = true;
            emulator = start();
        } else {
            emulator.clearEvents();
            emulator.clearFaults();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EventBridgeEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulator();
    }

    private EventBridgeEmulator start() {
        EventBridgeEmulator.Builder builder = configuration.apply(EventBridgeEmulator.builder()
                .requireSignedRequests(true));
        return Objects.requireNonNull(builder, "configuration must return the builder").start();
    }

    private void stop() {
        EventBridgeEmulator running = emulator;
        emulator = null;
        if (running != null) {
            running.close();
        }
    }
}
