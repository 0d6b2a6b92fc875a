package dev.cqrskit.test.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.cqrskit.core.Command;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.Query;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.EventSubscriber;
import dev.cqrskit.core.bus.QueryHandler;
import dev.cqrskit.core.domain.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ArchUnit rules that keep a cqrs-kit codebase honest: layering per bounded context, a framework-free domain,
 * immutable messages, handlers in their place, read-only queries, events in the domain and no cycles between
 * bounded contexts. Each factory returns a rule with a {@code because} that says why it exists.
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme", importOptions = {ImportOption.DoNotIncludeTests.class,
 *         CqrsArchitectureRules.DoNotIncludeGenerated.class})
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule cqrs = CqrsArchitectureRules.all();
 * }
 * }</pre>
 *
 * <p>Every rule leaves out generated classes (avaje's {@code $DI} factories, {@code @Generated} types, CGLIB and
 * ByteBuddy proxies), accepts an empty selection (a codebase with no query handler passes the query rule), and can
 * be frozen for legacy code with {@code FreezingArchRule.freeze(rule)}; see {@code docs/architecture-rules.md}.
 * Handlers written as lambdas are invisible to the handler rules: the rules see classes that implement
 * {@link CommandHandler}, {@link QueryHandler} or {@link EventSubscriber}.
 *
 * <p>This class is stateless and threadsafe; rules are immutable.
 *
 * @since 0.1.0
 */
public final class CqrsArchitectureRules {

    private static final DescribedPredicate<JavaClass> GENERATED = new DescribedPredicate<>("generated") {
        @Override
        public boolean test(JavaClass type) {
            return isGenerated(type);
        }
    };

    private static final DescribedPredicate<JavaClass> NOT_GENERATED = not(GENERATED);

    private CqrsArchitectureRules() {
    }

    /**
     * Returns every rule with the default conventions; the naming rules are not included.
     *
     * @return the composite rule
     */
    public static ArchRule all() {
        return all(ArchitectureConventions.defaults());
    }

    /**
     * Returns every rule; the naming rules only if {@link ArchitectureConventions#namingConventions()} is on.
     *
     * @param conventions where the layers are
     * @return the composite rule
     */
    public static ArchRule all(ArchitectureConventions conventions) {
        CompositeArchRule all = CompositeArchRule.of(layering(conventions))
                .and(domainIsFrameworkFree(conventions))
                .and(messagesAreImmutable())
                .and(commandHandlersLiveInTheApplicationLayer(conventions))
                .and(handlersDoNotCallCommandHandlersDirectly())
                .and(queryHandlersDoNotWrite(conventions))
                .and(eventsAreDeclaredInTheDomain(conventions))
                .and(boundedContextsAreFreeOfCycles(conventions));
        if (conventions.namingConventions()) {
            all = all.and(namingConventions());
        }
        return all;
    }

    /**
     * The domain depends on nothing outward, and the application layer does not depend on infrastructure;
     * infrastructure may depend on both. Both halves of {@link #domainDependsOnNothingOutward} and
     * {@link #applicationDoesNotDependOnInfrastructure}.
     *
     * <pre>{@code
     * // valid: application -> domain, infrastructure -> application
     * package com.acme.user.application;  class RegisterUserHandler { private final Users users; }
     * // invalid: domain -> infrastructure
     * package com.acme.user.domain;       class User { JdbiUsers store; }
     * }</pre>
     *
     * @param conventions where the layers are
     * @return the rule
     */
    public static ArchRule layering(ArchitectureConventions conventions) {
        return CompositeArchRule.of(domainDependsOnNothingOutward(conventions))
                .and(applicationDoesNotDependOnInfrastructure(conventions));
    }

    /**
     * The domain does not depend on the application or infrastructure layers, of any bounded context.
     *
     * <pre>{@code
     * // valid
     * package com.acme.user.domain;  final class User extends AggregateRoot<UserId> { ... }
     * // invalid: the domain reaches into the application layer
     * package com.acme.user.domain;  final class User { void register(RegisterUserHandler handler) { ... } }
     * }</pre>
     *
     * @param conventions where the layers are
     * @return the rule
     */
    public static ArchRule domainDependsOnNothingOutward(ArchitectureConventions conventions) {
        List<String> outward = new ArrayList<>(conventions.applicationPackages());
        outward.addAll(conventions.infrastructurePackages());
        return noClasses().that(resideInAnyPackage(array(conventions.domainPackages())).and(NOT_GENERATED))
                .should().dependOnClassesThat(resideInAnyPackage(array(outward)).and(NOT_GENERATED))
                .because("the domain is the stable core: it must compile and make sense without the use cases"
                        + " and adapters built around it")
                .allowEmptyShould(true);
    }

    /**
     * The application layer does not depend on infrastructure: handlers use domain ports, adapters implement them.
     *
     * <pre>{@code
     * // valid: the handler takes the domain port
     * final class RegisterUserHandler { RegisterUserHandler(Users users) { ... } }
     * // invalid: the handler takes the adapter
     * final class RegisterUserHandler { RegisterUserHandler(JdbiUsers users) { ... } }
     * }</pre>
     *
     * @param conventions where the layers are
     * @return the rule
     */
    public static ArchRule applicationDoesNotDependOnInfrastructure(ArchitectureConventions conventions) {
        return noClasses().that(resideInAnyPackage(array(conventions.applicationPackages())).and(NOT_GENERATED))
                .should().dependOnClassesThat(resideInAnyPackage(array(conventions.infrastructurePackages()))
                        .and(NOT_GENERATED))
                .because("use cases depend on domain ports, not on adapters, so adapters can be swapped and"
                        + " handlers tested with in-memory fakes")
                .allowEmptyShould(true);
    }

    /**
     * The domain uses no framework: no persistence, cloud SDK, JSON, DI, web or logging library
     * ({@link ArchitectureConventions#forbiddenInDomain()}).
     *
     * <pre>{@code
     * // valid
     * record Email(String value) { Email { Require.matches("email", value, PATTERN, "an email address"); } }
     * // invalid: a logger and a JSON annotation in the domain
     * final class User { private static final Logger LOG = LoggerFactory.getLogger(User.class); }
     * record Email(@JsonProperty("email") String value) { }
     * }</pre>
     *
     * @param conventions where the domain is and what it must not use
     * @return the rule
     */
    public static ArchRule domainIsFrameworkFree(ArchitectureConventions conventions) {
        return noClasses().that(resideInAnyPackage(array(conventions.domainPackages())).and(NOT_GENERATED))
                .should().dependOnClassesThat().resideInAnyPackage(array(conventions.forbiddenInDomain()))
                .because("the domain states business rules in plain Java; frameworks belong in adapters, where"
                        + " they can be upgraded or replaced without touching the rules")
                .allowEmptyShould(true);
    }

    /**
     * Commands, queries and events are immutable: records, or classes whose instance fields are all final.
     *
     * <pre>{@code
     * // valid
     * record RegisterUser(String email) implements Command<UserId> { }
     * // invalid: a setter can change a command after it was validated, or an event after it was stored
     * final class RegisterUser implements Command<UserId> { private String email; void setEmail(String e) { ... } }
     * }</pre>
     *
     * @return the rule
     */
    public static ArchRule messagesAreImmutable() {
        return classes().that(assignableTo(Command.class).or(assignableTo(Query.class))
                        .or(assignableTo(DomainEvent.class)).and(not(JavaClass.Predicates.INTERFACES))
                        .and(NOT_GENERATED))
                .should(beImmutable())
                .because("messages are facts and requests that are validated once, logged, stored and replayed;"
                        + " a message that can change after that is a bug waiting to happen")
                .allowEmptyShould(true);
    }

    /**
     * Command handlers (classes implementing {@link CommandHandler}) live in the application layer.
     *
     * <pre>{@code
     * // valid
     * package com.acme.user.application;  final class RegisterUserHandler implements CommandHandler<...> { }
     * // invalid
     * package com.acme.user.infrastructure;  final class RegisterUserHandler implements CommandHandler<...> { }
     * }</pre>
     *
     * @param conventions where the layers are
     * @return the rule
     */
    public static ArchRule commandHandlersLiveInTheApplicationLayer(ArchitectureConventions conventions) {
        return classes().that(implement(CommandHandler.class).and(NOT_GENERATED))
                .should().resideInAnyPackage(array(conventions.applicationPackages()))
                .because("a command handler is a use case: it belongs with the other use cases, between the domain"
                        + " it drives and the adapters that call it")
                .allowEmptyShould(true);
    }

    /**
     * No handler (command, query, or event subscriber) depends on a concrete command handler class: it dispatches
     * the command on the {@link CommandBus} instead, so middleware (transactions, retries, authorization, logging)
     * and the metadata chain apply. Extending an abstract base handler is allowed.
     *
     * <pre>{@code
     * // valid
     * final class WelcomeNewUsers implements EventSubscriber<UserRegistered> {
     *     public void on(UserRegistered event) { commands.dispatch(new SendWelcome(event.id())); }
     * }
     * // invalid
     * final class WelcomeNewUsers implements EventSubscriber<UserRegistered> {
     *     public void on(UserRegistered event) { sendWelcomeHandler.handle(new SendWelcome(event.id())); }
     * }
     * }</pre>
     *
     * @return the rule
     */
    public static ArchRule handlersDoNotCallCommandHandlersDirectly() {
        return noClasses().that(implement(CommandHandler.class).or(implement(QueryHandler.class))
                        .or(implement(EventSubscriber.class)).and(NOT_GENERATED))
                .should().dependOnClassesThat(implement(CommandHandler.class).and(NOT_GENERATED)
                        .and(not(HasModifiers.Predicates.modifier(JavaModifier.ABSTRACT))))
                .because("a handler that calls another handler skips the bus: no transaction boundary, retry,"
                        + " authorization or causation id for the second command; dispatch it on the CommandBus")
                .allowEmptyShould(true);
    }

    /**
     * Query handlers never write: they call no repository write method
     * ({@link ArchitectureConventions#repositoryWriteMethods()}) and do not use the {@link CommandBus}.
     *
     * <pre>{@code
     * // valid
     * final class UserByIdHandler implements QueryHandler<UserById, Optional<UserView>> { ... views.find(id) ... }
     * // invalid
     * final class UserByIdHandler implements QueryHandler<...> { ... users.save(user) ... }
     * }</pre>
     *
     * @param conventions the write methods
     * @return the rule
     */
    public static ArchRule queryHandlersDoNotWrite(ArchitectureConventions conventions) {
        Set<String> writes = Set.copyOf(conventions.repositoryWriteMethods());
        DescribedPredicate<JavaMethodCall> repositoryWrite = new DescribedPredicate<>(
                "a Repository write method " + writes) {
            @Override
            public boolean test(JavaMethodCall call) {
                return writes.contains(call.getName()) && call.getTargetOwner().isAssignableTo(Repository.class);
            }
        };
        return noClasses().that(implement(QueryHandler.class).and(NOT_GENERATED))
                .should().callMethodWhere(repositoryWrite)
                .orShould().dependOnClassesThat().areAssignableTo(CommandBus.class)
                .because("queries answer questions without changing state; a query that writes cannot be cached,"
                        + " retried or routed to a read replica safely")
                .allowEmptyShould(true);
    }

    /**
     * Domain events are declared in the domain layer, or in a contracts package for integration events.
     *
     * <pre>{@code
     * // valid
     * package com.acme.user.domain;     record UserRegistered(UserId id) implements UserEvent { }
     * package com.acme.user.contracts;  record UserSignedUp(String id) implements DomainEvent { }
     * // invalid
     * package com.acme.user.application;  record UserRegistered(UserId id) implements DomainEvent { }
     * }</pre>
     *
     * @param conventions where the domain and the contracts are
     * @return the rule
     */
    public static ArchRule eventsAreDeclaredInTheDomain(ArchitectureConventions conventions) {
        List<String> allowed = new ArrayList<>(conventions.domainPackages());
        allowed.addAll(conventions.contractsPackages());
        return classes().that(assignableTo(DomainEvent.class)
                        .and(not(JavaClass.Predicates.equivalentTo(DomainEvent.class))).and(NOT_GENERATED))
                .should().resideInAnyPackage(array(allowed))
                .because("events are the domain's record of what happened, in its own language; declared anywhere"
                        + " else they drift towards technical notifications")
                .allowEmptyShould(true);
    }

    /**
     * No dependency cycles between bounded contexts. A context is the package before the layer segment
     * ({@code com.acme.user} for {@code com.acme.user.domain.User}), or what
     * {@link ArchitectureConventions#boundedContexts()} captures.
     *
     * <pre>{@code
     * // valid: billing depends on user's contracts, user knows nothing of billing
     * // invalid: com.acme.user.domain.User -> com.acme.billing.domain.Invoice -> com.acme.user.domain.UserId
     * }</pre>
     *
     * @param conventions how classes map to contexts
     * @return the rule
     */
    public static ArchRule boundedContextsAreFreeOfCycles(ArchitectureConventions conventions) {
        var slices = conventions.boundedContexts().isPresent()
                ? SlicesRuleDefinition.slices().matching(conventions.boundedContexts().get())
                : SlicesRuleDefinition.slices().assignedFrom(new ContextBeforeLayer(conventions.layerSegments()));
        return slices.should().beFreeOfCycles()
                .because("bounded contexts that depend on each other in a cycle cannot be understood, tested,"
                        + " released or split apart alone; talk through events or a contracts package one way")
                .allowEmptyShould(true);
    }

    /**
     * The optional naming rules, not part of {@link #all()} unless
     * {@link ArchitectureConventions#namingConventions()} is on: handler classes end in {@code Handler}, no class
     * ends in {@code Impl}, exceptions end in {@code Exception}.
     *
     * <pre>{@code
     * // valid
     * final class RegisterUserHandler implements CommandHandler<RegisterUser, UserId> { }
     * final class JdbiUsers implements Users { }
     * // invalid
     * final class RegisterUser2 implements CommandHandler<RegisterUser, UserId> { }
     * final class UsersImpl implements Users { }
     * }</pre>
     *
     * @return the rule
     */
    public static ArchRule namingConventions() {
        return CompositeArchRule.of(classes().that(implement(CommandHandler.class).or(implement(QueryHandler.class))
                                .and(NOT_GENERATED).and(not(JavaClass.Predicates.ANONYMOUS_CLASSES)))
                        .should().haveSimpleNameEndingWith("Handler")
                        .because("a reader finds the use case for RegisterUser in RegisterUserHandler")
                        .allowEmptyShould(true))
                .and(noClasses().that(NOT_GENERATED).should().haveSimpleNameEndingWith("Impl")
                        .because("an implementation is named after what distinguishes it (JdbiUsers), never Impl")
                        .allowEmptyShould(true))
                .and(classes().that(assignableTo(Throwable.class).and(NOT_GENERATED)
                                .and(not(JavaClass.Predicates.ANONYMOUS_CLASSES)))
                        .should().haveSimpleNameEndingWith("Exception")
                        .because("exceptions are named <Subject><Problem>Exception")
                        .allowEmptyShould(true));
    }

    /**
     * Returns the predicate the rules use to leave generated classes out: names containing {@code $DI} (avaje),
     * {@code $$} (CGLIB, ByteBuddy, Hibernate proxies), names ending in {@code _Factory} or
     * {@code _MembersInjector} (Dagger), and classes annotated with any annotation named {@code Generated}.
     *
     * @return the predicate
     */
    public static DescribedPredicate<JavaClass> generated() {
        return GENERATED;
    }

    static boolean isGenerated(JavaClass type) {
        String name = type.getName();
        if (isGeneratedName(name)) {
            return true;
        }
        for (JavaAnnotation<JavaClass> annotation : type.getAnnotations()) {
            if (annotation.getRawType().getSimpleName().equals("Generated")) {
                return true;
            }
        }
        return false;
    }

    static boolean isGeneratedName(String name) {
        return name.contains("$DI") || name.contains("$$") || name.endsWith("_Factory")
                || name.endsWith("_MembersInjector");
    }

    private static ArchCondition<JavaClass> beImmutable() {
        return new ArchCondition<>("be immutable (records, or final instance fields only)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (type.isRecord()) {
                    return;
                }
                for (JavaField field : type.getFields()) {
                    if (!field.getModifiers().contains(JavaModifier.STATIC)
                            && !field.getModifiers().contains(JavaModifier.FINAL)
                            && !field.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        events.add(SimpleConditionEvent.violated(field, "Field <" + field.getFullName()
                                + "> is not final, so " + type.getSimpleName() + " can change after it was"
                                + " created; make it final or turn " + type.getSimpleName() + " into a record"));
                    }
                }
            }
        };
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }

    /**
     * Leaves generated classes out of an import, for {@code @AnalyzeClasses(importOptions = ...)} or
     * {@code new ClassFileImporter().withImportOption(new DoNotIncludeGenerated())}. Recognizes generated classes
     * by file name only (an import option sees no annotations); the rules also check annotations.
     *
     * @since 0.1.0
     */
    public static final class DoNotIncludeGenerated implements ImportOption {

        /** Creates the option; ArchUnit instantiates it reflectively. */
        public DoNotIncludeGenerated() {
        }

        @Override
        public boolean includes(Location location) {
            String path = location.asURI().toString();
            return !(path.contains("$DI") || path.contains("$$") || path.endsWith("_Factory.class")
                    || path.endsWith("_MembersInjector.class"));
        }
    }

    /** Assigns a class to the bounded context named by the packages before its layer segment. */
    private static final class ContextBeforeLayer implements SliceAssignment {
        private final List<String> layers;

        ContextBeforeLayer(List<String> layers) {
            this.layers = layers;
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            if (isGenerated(type)) {
                return SliceIdentifier.ignore();
            }
            String[] segments = type.getPackageName().split("\\.");
            for (int i = 1; i < segments.length; i++) {
                if (layers.contains(segments[i])) {
                    return SliceIdentifier.of(String.join(".", List.of(segments).subList(0, i)));
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "bounded contexts (the package before a " + layers + " segment)";
        }
    }
}
