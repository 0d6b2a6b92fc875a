package dev.cqrskit.micrometer;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.spi.Middleware;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes each dispatch a Micrometer {@link Observation} named {@value #NAME}, so that the handlers registered on the
 * {@link ObservationRegistry} (a timer, a tracing span, a log line) see it.
 *
 * <pre>{@code
 * ObservationRegistry observations = ObservationRegistry.create();
 * observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
 * CommandBus commands = CommandBus.builder()
 *         .handle(RegisterUser.class, new RegisterUserHandler(users))
 *         .middleware(new ObservationMiddleware(observations))
 *         .build();
 * }</pre>
 *
 * <p>Low-cardinality key values: {@code type} (the request's simple class name) and {@code kind} ({@code command} or
 * {@code query}); a failure is passed to {@link Observation#error(Throwable)}. High-cardinality key values, for spans
 * only: {@code cqrs.message.id} and {@code cqrs.correlation.id} of the message being dispatched. The contextual name
 * is {@code dispatch <type>}. The observation is in scope while the rest of the chain runs, so a span started by a
 * handler is its child.
 *
 * <p>Use it instead of, not beside, {@code TimingMiddleware} with {@link CqrsMetrics#dispatchListener()} when both
 * would time the same dispatch. With a no-op registry the middleware costs one map read and allocates nothing beyond
 * what Micrometer's no-op observation does. This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class ObservationMiddleware implements Middleware {

    /** The observation's name, which {@code DefaultMeterObservationHandler} also uses for its timer. */
    public static final String NAME = "cqrs.dispatch.observation";

    private final ObservationRegistry registry;
    private final Map<Class<?>, TypeNames> byType = new ConcurrentHashMap<>();

    /**
     * Creates the middleware.
     *
     * @param registry the registry whose handlers hear each dispatch
     * @throws NullPointerException if {@code registry} is null
     */
    public ObservationMiddleware(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        TypeNames names = byType.get(request.getClass());
        if (names == null) {
            names = byType.computeIfAbsent(request.getClass(), TypeNames::of);
        }
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName(names.contextualName())
                .lowCardinalityKeyValues(names.keyValues());
        if (!observation.isNoop()) {
            MessageContext.current().ifPresent(metadata -> identify(observation, metadata));
        }
        observation.start();
        Observation.Scope scope = observation.openScope();
        try {
            return next.invoke(request);
        } catch (RuntimeException | Error failure) {
            observation.error(failure);
            throw failure;
        } finally {
            scope.close();
            observation.stop();
        }
    }

    private static void identify(Observation observation, Metadata metadata) {
        observation.highCardinalityKeyValue("cqrs.message.id", metadata.messageId().toString())
                .highCardinalityKeyValue("cqrs.correlation.id", metadata.correlationId().toString());
    }

    /** The names of one request type, computed once. */
    private record TypeNames(String contextualName, KeyValues keyValues) {

        static TypeNames of(Class<?> type) {
            String name = MeterTags.nameOf(type);
            String kind = Command.class.isAssignableFrom(type) ? "command" : "query";
            return new TypeNames("dispatch " + name, KeyValues.of(MeterTags.TYPE, name, "kind", kind));
        }
    }
}
