package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.DuplicateHandlerException;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.spring.boot.autoconfigure.Messages.RegisterThing;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingByName;
import dev.cqrskit.spring.boot.autoconfigure.Messages.ThingRegistered;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class CqrsBusAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CqrsBusAutoConfiguration.class));

    @Test
    void registersHandlerBeansUnderTheMessageTypesTheirGenericsName() {
        context.withUserConfiguration(Handlers.class).run(app -> {
            assertThat(app.getBean(CommandBus.class).dispatch(new RegisterThing("kettle"))).isEqualTo("id-kettle");
            assertThat(app.getBean(QueryBus.class).dispatch(new ThingByName("kettle"))).isEqualTo("found kettle");
            app.getBean(EventBus.class).publish(new ThingRegistered("kettle"));
            assertThat(app.getBean(Handlers.class).seen).containsExactly("kettle");
        });
    }

    @Test
    void offersExactlyOneBeanOfEachBusAndACommandBusIsNoQueryBus() {
        context.withUserConfiguration(Handlers.class).run(app -> {
            assertThat(app).hasSingleBean(CommandBus.class).hasSingleBean(QueryBus.class)
                    .hasSingleBean(EventBus.class);
            assertThat(app.getBean(CommandBus.class)).isNotInstanceOf(QueryBus.class);
            assertThat(app.getBean(QueryBus.class)).isNotInstanceOf(CommandBus.class);
            Injected injected = app.getBean(Injected.class);
            assertThat(injected.commands()).isSameAs(app.getBean(CommandBus.class));
            assertThat(injected.queries()).isSameAs(app.getBean(QueryBus.class));
            assertThat(injected.events()).isSameAs(app.getBean(EventBus.class));
        });
    }

    @Test
    void runsMiddlewareBeansInOrderOuterFirst() {
        context.withUserConfiguration(Handlers.class, OrderedMiddleware.class).run(app -> {
            app.getBean(CommandBus.class).dispatch(new RegisterThing("kettle"));

            assertThat(app.getBean(OrderedMiddleware.class).calls).containsExactly("first", "second");
        });
    }

    @Test
    void failsStartupWhenTwoBeansHandleOneCommand() {
        context.withUserConfiguration(Handlers.class, SecondRegisterThingHandler.class).run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause()
                    .isInstanceOf(DuplicateHandlerException.class)
                    .hasMessageContaining("A handler for command " + RegisterThing.class.getName()
                            + " is already registered")
                    .hasMessageContaining("[registerThing, anotherRegisterThing]");
        });
    }

    @Test
    void failsStartupWhenAHandlersMessageTypeCannotBeResolved() {
        context.withUserConfiguration(UnresolvableHandler.class).run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Bean 'genericHandler' is a CommandHandler whose message type cannot be"
                            + " resolved from its generics")
                    .hasMessageContaining("@Bean CommandHandler<RegisterUser, UserId>");
        });
    }

    @Test
    void startsAndDispatchesWhenHandlersDependOnTheBuses() {
        context.withUserConfiguration(HandlersUsingTheBuses.class).run(app -> {
            assertThat(app).hasNotFailed();

            assertThat(app.getBean(CommandBus.class).dispatch(new RegisterThing("kettle")))
                    .isEqualTo("id-found kettle");
            assertThat(app.getBean(QueryBus.class).dispatch(new ThingByName("kettle"))).isEqualTo("found kettle");
        });
    }

    @Test
    void callsHandlerBeansThroughTheSameFramesAsAHandBuiltBus() {
        context.withUserConfiguration(RecordingHandler.class).run(app -> {
            // given: the Spring-built bus has looked its handler up, on the first dispatch
            FrameRecorder recorder = app.getBean(FrameRecorder.class);
            CommandBus springBuilt = app.getBean(CommandBus.class);
            springBuilt.dispatch(new RegisterThing("first"));
            CommandBus handBuilt = CommandBus.builder().handle(RegisterThing.class, recorder).build();

            // when
            handBuilt.dispatch(new RegisterThing("kettle"));
            List<String> handBuiltFrames = List.copyOf(recorder.frames);
            springBuilt.dispatch(new RegisterThing("kettle"));

            // then
            assertThat(handBuiltFrames).contains("dev.cqrskit.core.bus.RoutingCommandBus.dispatch");
            assertThat(recorder.frames).isEqualTo(handBuiltFrames);
        });
    }

    @Test
    void backsOffWhenTheApplicationDeclaresItsOwnBus() {
        CommandBus own = CommandBus.builder().build();
        context.withBean(CommandBus.class, () -> own).run(app ->
                assertThat(app.getBean(CommandBus.class)).isSameAs(own));
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        CommandHandler<RegisterThing, String> registerThing() {
            return command -> "id-" + command.name();
        }

        @Bean
        ThingByNameHandler thingByName() {
            return new ThingByNameHandler();
        }

        @Bean
        EventSubscriber<ThingRegistered> rememberThing() {
            return event -> seen.add(event.name());
        }

        @Bean
        Injected injected(CommandBus commands, QueryBus queries, EventBus events) {
            return new Injected(commands, queries, events);
        }
    }

    static final class ThingByNameHandler implements QueryHandler<ThingByName, String> {
        @Override
        public String handle(ThingByName query) {
            return "found " + query.name();
        }
    }

    record Injected(CommandBus commands, QueryBus queries, EventBus events) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedMiddleware {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        Middleware second() {
            return (request, next) -> {
                calls.add("second");
                return next.invoke(request);
            };
        }

        @Bean
        @Order(1)
        Middleware first() {
            return (request, next) -> {
                calls.add("first");
                return next.invoke(request);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondRegisterThingHandler {
        @Bean
        CommandHandler<RegisterThing, String> anotherRegisterThing() {
            return command -> "other";
        }
    }

    static final class GenericHandler<C extends Command<String>> implements CommandHandler<C, String> {
        @Override
        public String handle(C command) {
            return "?";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnresolvableHandler {
        @Bean
        @SuppressWarnings("rawtypes")
        GenericHandler genericHandler() {
            return new GenericHandler<>();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlersUsingTheBuses {
        @Bean
        CommandHandler<RegisterThing, String> registerThing(CommandBus commands, QueryBus queries) {
            return command -> "id-" + queries.dispatch(new ThingByName(command.name()));
        }

        @Bean
        QueryHandler<ThingByName, String> thingByName(CommandBus commands, QueryBus queries) {
            return query -> "found " + query.name();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingHandler {
        @Bean
        FrameRecorder frameRecorder() {
            return new FrameRecorder();
        }
    }

    /** Remembers the frames between the bus's entry point and itself, without line numbers. */
    static final class FrameRecorder implements CommandHandler<RegisterThing, String> {
        final List<String> frames = new CopyOnWriteArrayList<>();

        @Override
        public String handle(RegisterThing command) {
            frames.clear();
            for (StackTraceElement frame : new Throwable().getStackTrace()) {
                frames.add(frame.getClassName() + "." + frame.getMethodName());
                if (frame.getClassName().equals("dev.cqrskit.core.bus.RoutingCommandBus")) {
                    break;
                }
            }
            return "ok";
        }
    }
}
