package dev.cqrskit.micrometer;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationMiddlewareTest {

    record RegisterUser(String email) implements Command<UUID> {
    }

    record UserById(UUID id) implements Query<String> {
    }

    /** Keeps every stopped observation's context, and the observation in scope while the handler ran. */
    static final class RecordingHandler implements ObservationHandler<Observation.Context> {

        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingHandler recorded = new RecordingHandler();
    private final ObservationRegistry observations = ObservationRegistry.create();

    {
        observations.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(recorded);
    }

    @Test
    void observesADispatchWithTypeKindAndIdentifiers() {
        // given
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> UUID.randomUUID())
                .middleware(new ObservationMiddleware(observations))
                .build();
        Metadata metadata = Metadata.root(UUID.randomUUID(), Instant.EPOCH);

        // when
        commands.dispatch(new RegisterUser("ada@example.com"), metadata);

        // then
        assertThat(recorded.stopped).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("cqrs.dispatch.observation");
            assertThat(context.getContextualName()).isEqualTo("dispatch RegisterUser");
            assertThat(context.getLowCardinalityKeyValues())
                    .containsExactlyInAnyOrder(KeyValue.of("type", "RegisterUser"), KeyValue.of("kind", "command"));
            assertThat(context.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
                    KeyValue.of("cqrs.message.id", metadata.messageId().toString()),
                    KeyValue.of("cqrs.correlation.id", metadata.correlationId().toString()));
            assertThat(context.getError()).isNull();
        });
        assertThat(meters.get("cqrs.dispatch.observation").tags("type", "RegisterUser", "error", "none")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void timesDispatchesThroughTheDefaultMeterObservationHandler() {
        // given
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        // tag::observation[]
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> UUID.randomUUID())
                .middleware(new ObservationMiddleware(observations))
                .build();
        // end::observation[]

        // when
        commands.dispatch(new RegisterUser("ada@example.com"));

        // then
        assertThat(meterRegistry.get("cqrs.dispatch.observation")
                .tags("type", "RegisterUser", "kind", "command", "error", "none").timer().count()).isEqualTo(1);
    }

    @Test
    void marksAQueryAsAQuery() {
        QueryBus queries = QueryBus.builder()
                .handle(UserById.class, query -> "Ada")
                .middleware(new ObservationMiddleware(observations))
                .build();

        queries.dispatch(new UserById(UUID.randomUUID()));

        assertThat(recorded.stopped).singleElement().satisfies(context ->
                assertThat(context.getLowCardinalityKeyValue("kind").getValue()).isEqualTo("query"));
    }

    @Test
    void recordsTheFailureAndRethrowsIt() {
        // given
        IllegalStateException taken = new IllegalStateException("email taken");
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    throw taken;
                })
                .middleware(new ObservationMiddleware(observations))
                .build();

        // when
        assertThatThrownBy(() -> commands.dispatch(new RegisterUser("ada@example.com"))).isSameAs(taken);

        // then
        assertThat(recorded.stopped).singleElement().satisfies(context ->
                assertThat(context.getError()).isSameAs(taken));
        assertThat(meters.get("cqrs.dispatch.observation").tag("error", "IllegalStateException").timer().count())
                .isEqualTo(1);
    }

    @Test
    void putsTheObservationInScopeWhileTheHandlerRuns() {
        // given
        List<Observation> inScope = new CopyOnWriteArrayList<>();
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    inScope.add(observations.getCurrentObservation());
                    return UUID.randomUUID();
                })
                .middleware(new ObservationMiddleware(observations))
                .build();

        // when
        commands.dispatch(new RegisterUser("ada@example.com"));

        // then
        assertThat(inScope).singleElement().satisfies(observation ->
                assertThat(observation.getContext().getName()).isEqualTo("cqrs.dispatch.observation"));
        assertThat(observations.getCurrentObservation()).isNull();
    }

    @Test
    void passesThroughWithANoopRegistry() {
        CommandBus commands = CommandBus.builder()
                .handle(RegisterUser.class, command -> UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .middleware(new ObservationMiddleware(ObservationRegistry.NOOP))
                .build();

        assertThat(commands.dispatch(new RegisterUser("ada@example.com")))
                .isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    }

    @Test
    void rejectsANullRegistry() {
        assertThatThrownBy(() -> new ObservationMiddleware(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("registry must not be null");
    }
}
