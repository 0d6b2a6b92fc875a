package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.DuplicateHandlerException;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.core.spi.EventBusListener;
import dev.cqrskit.core.spi.Middleware;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Builds one {@link CommandBus}, one {@link QueryBus} and one {@link EventBus} from the context: every
 * {@link CommandHandler}, {@link QueryHandler} and {@link EventSubscriber} bean, registered under the message type its
 * generics name, and every {@link Middleware} bean in {@code @Order} / {@code Ordered} order (the first is outermost).
 *
 * <p>Handlers are registered with {@code handleDeferred}: each is looked up once, on the first dispatch of its type, so
 * a handler may itself depend on a bus, and from then on the bus calls it directly, as a hand-built bus would.
 * Subscribers are looked up on each delivery ({@code subscribeLazily}, one memoized bean lookup).
 *
 * <p>Startup fails when a handler's message type cannot be resolved, and with a {@link DuplicateHandlerException} when
 * two beans handle one command or query type. Each bean backs off when the application declares its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "dev.cqrskit.spring.boot.autoconfigure.CqrsMetricsAutoConfiguration")
public class CqrsBusAutoConfiguration {

    /**
     * The metadata factory the buses stamp messages with: system clock, time-ordered ids.
     *
     * @return the system default factory
     */
    @Bean
    @ConditionalOnMissingBean
    public MetadataFactory cqrsMetadataFactory() {
        return MetadataFactory.systemDefault();
    }

    /**
     * The command bus over every {@code CommandHandler} bean.
     *
     * @param beans      the bean factory to find handlers in
     * @param metadata   stamps dispatches without metadata
     * @param middleware the middleware beans, ordered
     * @return the command bus
     */
    @Bean
    @ConditionalOnMissingBean
    public CommandBus commandBus(ConfigurableListableBeanFactory beans, MetadataFactory metadata,
                                 ObjectProvider<Middleware> middleware) {
        CommandBus.Builder builder = CommandBus.builder().metadataFactory(metadata);
        middleware.orderedStream().forEach(builder::middleware);
        @SuppressWarnings("rawtypes")
        List<HandlerBeans.Found<CommandHandler>> handlers = new HandlerBeans(beans).find(CommandHandler.class,
                "@Bean CommandHandler<RegisterUser, UserId> registerUser(...)");
        for (var handler : handlers) {
            try {
                registerCommand(builder, handler);
            } catch (DuplicateHandlerException duplicate) {
                throw HandlerBeans.withBeanNames(duplicate, handler, handlers);
            }
        }
        return builder.build();
    }

    /**
     * The query bus over every {@code QueryHandler} bean.
     *
     * @param beans      the bean factory to find handlers in
     * @param metadata   stamps dispatches without metadata
     * @param middleware the middleware beans, ordered
     * @return the query bus
     */
    @Bean
    @ConditionalOnMissingBean
    public QueryBus queryBus(ConfigurableListableBeanFactory beans, MetadataFactory metadata,
                             ObjectProvider<Middleware> middleware) {
        QueryBus.Builder builder = QueryBus.builder().metadataFactory(metadata);
        middleware.orderedStream().forEach(builder::middleware);
        @SuppressWarnings("rawtypes")
        List<HandlerBeans.Found<QueryHandler>> handlers = new HandlerBeans(beans).find(QueryHandler.class,
                "@Bean QueryHandler<UserById, User> userById(...)");
        for (var handler : handlers) {
            try {
                registerQuery(builder, handler);
            } catch (DuplicateHandlerException duplicate) {
                throw HandlerBeans.withBeanNames(duplicate, handler, handlers);
            }
        }
        return builder.build();
    }

    /**
     * The in-process event bus over every {@code EventSubscriber} bean; a type may have many subscribers.
     *
     * @param beans     the bean factory to find subscribers in
     * @param metadata  stamps events published without metadata
     * @param listeners the event bus listener, when one bean exists (the Micrometer one, for instance)
     * @return the event bus
     */
    @Bean
    @ConditionalOnMissingBean
    public EventBus eventBus(ConfigurableListableBeanFactory beans, MetadataFactory metadata,
                             ObjectProvider<EventBusListener> listeners) {
        EventBus.Builder builder = EventBus.builder().metadataFactory(metadata);
        listeners.ifUnique(builder::listener);
        @SuppressWarnings("rawtypes")
        List<HandlerBeans.Found<EventSubscriber>> subscribers = new HandlerBeans(beans).find(EventSubscriber.class,
                "@Bean EventSubscriber<UserRegistered> sendWelcomeMail(...)");
        for (var subscriber : subscribers) {
            subscribe(builder, subscriber);
        }
        return builder.build();
    }

    // The generics were checked against the handler interface when the bean was found: these casts are safe.
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerCommand(CommandBus.Builder builder, HandlerBeans.Found<CommandHandler> handler) {
        builder.handleDeferred((Class<Command<Object>>) handler.messageType(),
                (jakarta.inject.Provider) handler.handler());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerQuery(QueryBus.Builder builder, HandlerBeans.Found<QueryHandler> handler) {
        builder.handleDeferred((Class<Query<Object>>) handler.messageType(),
                (jakarta.inject.Provider) handler.handler());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void subscribe(EventBus.Builder builder, HandlerBeans.Found<EventSubscriber> subscriber) {
        builder.subscribeLazily((Class<DomainEvent>) subscriber.messageType(),
                (jakarta.inject.Provider) subscriber.handler());
    }
}
