package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.bus.DuplicateHandlerException;
import jakarta.inject.Provider;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Finds the handler beans of one kind and the message type each handles, from the bean's generic type: the
 * {@code @Bean} method's return type when it has one, the bean's class otherwise. Handlers are looked up lazily, on
 * first dispatch, so a handler may itself depend on a bus. Not threadsafe; used once while a bus bean is built.
 */
final class HandlerBeans {

    /** A handler bean and the message type its generics name. */
    record Found<H>(String beanName, Class<?> messageType, Provider<H> handler) {
    }

    private final ConfigurableListableBeanFactory beans;

    HandlerBeans(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * @param handlerType {@code CommandHandler.class}, {@code QueryHandler.class} or {@code EventSubscriber.class}
     * @param example     how a correctly typed bean is declared, for the error message
     * @throws IllegalStateException naming the bean when its message type cannot be resolved
     */
    <H> List<Found<H>> find(Class<H> handlerType, String example) {
        List<Found<H>> found = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(handlerType, true, false)) {
            Class<?> messageType = messageType(name, handlerType);
            if (messageType == null) {
                throw new IllegalStateException("Bean '" + name + "' is a " + handlerType.getSimpleName()
                        + " whose message type cannot be resolved from its generics (" + typeOf(name) + "). Declare"
                        + " it with concrete type arguments, e.g. " + example + ", or register it by hand on your own "
                        + handlerType.getSimpleName().replace("Handler", "Bus").replace("EventSubscriber", "EventBus")
                        + " bean.");
            }
            found.add(new Found<>(name, messageType, new LazyBean<>(beans, name, handlerType)));
        }
        return found;
    }

    /**
     * Adds a duplicate's bean names to the bus's own message, so the user sees which two beans collide.
     */
    static <H> DuplicateHandlerException withBeanNames(DuplicateHandlerException duplicate, Found<H> handler,
                                                       List<Found<H>> all) {
        Map<Class<?>, List<String>> names = new LinkedHashMap<>();
        for (Found<H> each : all) {
            names.computeIfAbsent(each.messageType(), type -> new ArrayList<>()).add(each.beanName());
        }
        return new DuplicateHandlerException(duplicate.getMessage() + " Beans handling "
                + handler.messageType().getSimpleName() + ": " + names.get(handler.messageType()) + ".");
    }

    private Class<?> messageType(String name, Class<?> handlerType) {
        Class<?> resolved = exact(typeOf(name).as(handlerType).getGeneric(0));
        if (resolved == null && beans.getType(name) != null) {
            resolved = exact(ResolvableType.forClass(beans.getType(name)).as(handlerType).getGeneric(0));
        }
        return resolved;
    }

    /** A type variable or wildcard resolves to its bound, which the bus would never see dispatched: not a match. */
    private static Class<?> exact(ResolvableType generic) {
        Type type = generic.getType();
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return null;
        }
        return generic.resolve();
    }

    private ResolvableType typeOf(String name) {
        if (beans.containsBeanDefinition(name)) {
            BeanDefinition definition = beans.getMergedBeanDefinition(name);
            if (definition instanceof RootBeanDefinition root) {
                ResolvableType type = root.getResolvableType();
                if (type != ResolvableType.NONE && type.resolve() != null) {
                    return type;
                }
            }
        }
        Class<?> type = beans.getType(name);
        return type == null ? ResolvableType.NONE : ResolvableType.forClass(type);
    }

    /** Looks the bean up once, on first use: dispatch then costs one volatile read. */
    private static final class LazyBean<H> implements Provider<H> {
        private final ConfigurableListableBeanFactory beans;
        private final String name;
        private final Class<H> type;
        private volatile H bean;

        LazyBean(ConfigurableListableBeanFactory beans, String name, Class<H> type) {
            this.beans = beans;
            this.name = name;
            this.type = type;
        }

        @Override
        public H get() {
            H current = bean;
            if (current == null) {
                current = beans.getBean(name, type);
                bean = current;
            }
            return current;
        }
    }
}
