package dev.cqrskit.test.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqrsArchitectureRulesTest {

    private static final String GOOD = "dev.cqrskit.test.arch.good";
    private static final String BAD = "dev.cqrskit.test.arch.bad.";
    private static final JavaClasses GOOD_CLASSES = new ClassFileImporter().importPackages(GOOD);
    private static final ArchitectureConventions DEFAULTS = ArchitectureConventions.defaults();

    private static JavaClasses bad(String example) {
        return new ClassFileImporter().importPackages(BAD + example);
    }

    private static void assertPassesOnTheGoodExample(ArchRule rule) {
        assertThatCode(() -> rule.check(GOOD_CLASSES)).doesNotThrowAnyException();
    }

    @Test
    void allRulesIncludingNamingPassOnTheGoodExample() {
        // tag::all[]
        ArchRule rules = CqrsArchitectureRules.all(ArchitectureConventions.builder().namingConventions(true).build());
        rules.check(new ClassFileImporter().importPackages("dev.cqrskit.test.arch.good"));
        // end::all[]
        assertThat(GOOD_CLASSES.contain("dev.cqrskit.test.arch.good.shop.application.PlaceOrderHandler$DI"))
                .as("the generated class is imported, and ignored by the rules").isTrue();
    }

    @Test
    void allRulesFailOnEveryBadExample() {
        JavaClasses everything = new ClassFileImporter().importPackages("dev.cqrskit.test.arch.bad");

        assertThatThrownBy(() -> CqrsArchitectureRules.all().check(everything))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the domain is the stable core")
                .hasMessageContaining("messages are facts")
                .hasMessageContaining("queries answer questions without changing state")
                .hasMessageNotContaining("exceptions are named");
    }

    @Nested
    class Layering {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.layering(DEFAULTS));
        }

        @Test
        void failsWhenTheDomainDependsOnInfrastructure() {
            assertThatThrownBy(() -> CqrsArchitectureRules.domainDependsOnNothingOutward(DEFAULTS).check(bad("layering")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("because the domain is the stable core")
                    .hasMessageContaining("Field <dev.cqrskit.test.arch.bad.layering.shop.domain.Order.table> has"
                            + " type <dev.cqrskit.test.arch.bad.layering.shop.infrastructure.OrderTable>")
                    .hasMessageNotContaining("PlaceOrderService");
        }

        @Test
        void failsWhenTheApplicationDependsOnInfrastructure() {
            assertThatThrownBy(() -> CqrsArchitectureRules.applicationDoesNotDependOnInfrastructure(DEFAULTS)
                    .check(bad("layering")))
                    .hasMessageContaining("because use cases depend on domain ports, not on adapters")
                    .hasMessageContaining("Constructor <dev.cqrskit.test.arch.bad.layering.shop.application"
                            + ".PlaceOrderService.<init>(dev.cqrskit.test.arch.bad.layering.shop.infrastructure"
                            + ".OrderTable)> has parameter of type");
        }

        @Test
        void theCompositeReportsBothHalves() {
            assertThatThrownBy(() -> CqrsArchitectureRules.layering(DEFAULTS).check(bad("layering")))
                    .hasMessageContaining("Order.table")
                    .hasMessageContaining("PlaceOrderService.<init>");
        }
    }

    @Nested
    class FrameworkFreeDomain {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.domainIsFrameworkFree(DEFAULTS));
        }

        @Test
        void failsOnLoggingAndInjectionInTheDomain() {
            assertThatThrownBy(() -> CqrsArchitectureRules.domainIsFrameworkFree(DEFAULTS).check(bad("framework")))
                    .hasMessageContaining("because the domain states business rules in plain Java")
                    .hasMessageContaining("Field <dev.cqrskit.test.arch.bad.framework.shop.domain.Customer.LOG> has"
                            + " type <org.slf4j.Logger>")
                    .hasMessageContaining("is annotated with <jakarta.inject.Inject>");
        }

        @Test
        void acceptsExtraForbiddenPackages() {
            ArchitectureConventions strict = ArchitectureConventions.builder()
                    .onlyForbiddenInDomain("dev.cqrskit.core.domain..").build();

            assertThatThrownBy(() -> CqrsArchitectureRules.domainIsFrameworkFree(strict).check(GOOD_CLASSES))
                    .hasMessageContaining("Order")
                    .hasMessageContaining("dev.cqrskit.core.domain.AggregateRoot");
        }
    }

    @Nested
    class ImmutableMessages {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.messagesAreImmutable());
        }

        @Test
        void failsOnACommandWithANonFinalField() {
            assertThatThrownBy(() -> CqrsArchitectureRules.messagesAreImmutable().check(bad("mutable")))
                    .hasMessageContaining("because messages are facts and requests that are validated once")
                    .hasMessageContaining("Field <dev.cqrskit.test.arch.bad.mutable.shop.application.RenameCustomer"
                            + ".name> is not final, so RenameCustomer can change after it was created; make it final"
                            + " or turn RenameCustomer into a record")
                    .hasMessageNotContaining("CustomerRenamed");
        }
    }

    @Nested
    class CommandHandlers {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.commandHandlersLiveInTheApplicationLayer(DEFAULTS));
            assertPassesOnTheGoodExample(CqrsArchitectureRules.handlersDoNotCallCommandHandlersDirectly());
        }

        @Test
        void failsOnAHandlerOutsideTheApplicationLayer() {
            assertThatThrownBy(() -> CqrsArchitectureRules.commandHandlersLiveInTheApplicationLayer(DEFAULTS)
                    .check(bad("handlerplace")))
                    .hasMessageContaining("because a command handler is a use case")
                    .hasMessageContaining("Class <dev.cqrskit.test.arch.bad.handlerplace.shop.infrastructure"
                            + ".PlaceOrderHandler> does not reside in any package ['..application..']");
        }

        @Test
        void failsOnAHandlerThatCallsAnotherHandler() {
            assertThatThrownBy(() -> CqrsArchitectureRules.handlersDoNotCallCommandHandlersDirectly()
                    .check(bad("handlercall")))
                    .hasMessageContaining("because a handler that calls another handler skips the bus")
                    .hasMessageContaining("Method <dev.cqrskit.test.arch.bad.handlercall.shop.application"
                            + ".ReorderHandler.handle(dev.cqrskit.test.arch.bad.handlercall.shop.application"
                            + ".ReorderHandler$Reorder)> calls method <dev.cqrskit.test.arch.bad.handlercall.shop"
                            + ".application.PlaceOrderHandler.handle(");
        }
    }

    @Nested
    class QueryHandlers {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.queryHandlersDoNotWrite(DEFAULTS));
        }

        @Test
        void failsOnAQueryThatSavesOrHoldsTheCommandBus() {
            assertThatThrownBy(() -> CqrsArchitectureRules.queryHandlersDoNotWrite(DEFAULTS).check(bad("querywrite")))
                    .hasMessageContaining("because queries answer questions without changing state")
                    .hasMessageContaining("CartByIdHandler.handle(dev.cqrskit.test.arch.bad.querywrite.shop"
                            + ".application.CartById)> calls method <dev.cqrskit.test.arch.bad.querywrite.shop.domain"
                            + ".Carts.save(")
                    .hasMessageContaining("CartCountHandler.commands> has type <dev.cqrskit.core.bus.CommandBus>");
        }
    }

    @Nested
    class Events {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.eventsAreDeclaredInTheDomain(DEFAULTS));
        }

        @Test
        void failsOnAnEventInTheApplicationLayer() {
            assertThatThrownBy(() -> CqrsArchitectureRules.eventsAreDeclaredInTheDomain(DEFAULTS)
                    .check(bad("eventplace")))
                    .hasMessageContaining("because events are the domain's record of what happened")
                    .hasMessageContaining("Class <dev.cqrskit.test.arch.bad.eventplace.shop.application.CartAbandoned>"
                            + " does not reside in any package ['..domain..', '..contracts..']");
        }
    }

    @Nested
    class Cycles {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.boundedContextsAreFreeOfCycles(DEFAULTS));
        }

        @Test
        void failsOnACycleBetweenTwoContexts() {
            assertThatThrownBy(() -> CqrsArchitectureRules.boundedContextsAreFreeOfCycles(DEFAULTS).check(bad("cycles")))
                    .hasMessageContaining("because bounded contexts that depend on each other in a cycle")
                    .hasMessageContaining("Cycle detected: Slice dev.cqrskit.test.arch.bad.cycles.billing -> ")
                    .hasMessageContaining("Slice dev.cqrskit.test.arch.bad.cycles.shop");
        }

        @Test
        void usesAnExplicitSlicePattern() {
            // tag::conventions[]
            ArchitectureConventions byPattern = ArchitectureConventions.builder()
                    .boundedContexts("dev.cqrskit.test.arch.bad.cycles.(*)..").build();
            // end::conventions[]

            assertThatThrownBy(() -> CqrsArchitectureRules.boundedContextsAreFreeOfCycles(byPattern)
                    .check(bad("cycles")))
                    .hasMessageContaining("Cycle detected: Slice billing -> ");
        }
    }

    @Nested
    class Naming {
        @Test
        void passesOnTheGoodExample() {
            assertPassesOnTheGoodExample(CqrsArchitectureRules.namingConventions());
        }

        @Test
        void isOffByDefault() {
            assertThatCode(() -> CqrsArchitectureRules.all().check(bad("naming"))).doesNotThrowAnyException();
        }

        @Test
        void failsOnHandlerImplAndExceptionNames() {
            assertThatThrownBy(() -> CqrsArchitectureRules.namingConventions().check(bad("naming")))
                    .hasMessageContaining("Class <dev.cqrskit.test.arch.bad.naming.shop.application.OrderPlacement>"
                            + " does not have simple name ending with 'Handler'")
                    .hasMessageContaining("Class <dev.cqrskit.test.arch.bad.naming.shop.infrastructure.OrdersImpl>"
                            + " has simple name ending with 'Impl'")
                    .hasMessageContaining("Class <dev.cqrskit.test.arch.bad.naming.shop.domain.OrderProblem> does"
                            + " not have simple name ending with 'Exception'");
        }
    }

    @Nested
    class GeneratedClasses {
        @Test
        void areRecognizedByNameAndLeftOutOfImports() {
            assertThat(CqrsArchitectureRules.isGeneratedName("com.acme.RegisterUserHandler$DI")).isTrue();
            assertThat(CqrsArchitectureRules.isGeneratedName("com.acme.Users$$SpringCGLIB$$0")).isTrue();
            assertThat(CqrsArchitectureRules.isGeneratedName("com.acme.RegisterUserHandler")).isFalse();
            JavaClasses imported = new ClassFileImporter()
                    .withImportOption(new CqrsArchitectureRules.DoNotIncludeGenerated())
                    .importPackages(GOOD);
            assertThat(imported.contain("dev.cqrskit.test.arch.good.shop.application.PlaceOrderHandler$DI")).isFalse();
            assertThat(imported.contain("dev.cqrskit.test.arch.good.shop.application.PlaceOrderHandler")).isTrue();
        }

        @Test
        void wouldBreakLayeringIfNotIgnored() {
            // The generated class depends on infrastructure from the application layer: only the filter saves it.
            assertThat(GOOD_CLASSES.get("dev.cqrskit.test.arch.good.shop.application.PlaceOrderHandler$DI")
                    .getDirectDependenciesFromSelf())
                    .anySatisfy(d -> assertThat(d.getTargetClass().getPackageName()).endsWith(".infrastructure"));
        }
    }

    @Nested
    class Conventions {
        @Test
        void rejectsAnEmptyLayer() {
            assertThatThrownBy(() -> ArchitectureConventions.builder().domainPackages().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("domainPackages must list at least one non-blank entry, but was []");
        }

        @Test
        void rejectsASlicePatternWithoutACapture() {
            assertThatThrownBy(() -> ArchitectureConventions.builder().boundedContexts("com.acme..").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("boundedContexts must capture the context name, as in \"com.acme.(*)..\", but was"
                            + " \"com.acme..\"");
        }

        @Test
        void needsASlicePatternWhenLayersAreNotSimpleSegments() {
            assertThatThrownBy(() -> ArchitectureConventions.builder().domainPackages("com.acme.model")
                    .applicationPackages("com.acme.app").infrastructurePackages("com.acme.adapters").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("boundedContexts must be set when no layer pattern has the form");
        }
    }
}
