package dev.cqrskit.core.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

class PackageStructureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cqrskit.core");

    /** Each package of cqrs-core is one slice, the root package included. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.startsWith("dev.cqrskit.core") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of cqrs-core";
        }
    };

    @Test
    void packagesFormADirectedAcyclicGraph() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void internalDependsOnNothingOfTheApi() {
        classes().that().resideInAPackage("dev.cqrskit.core.internal..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.cqrskit.core.internal..", "java..")
                .check(CORE);
    }

    @Test
    void noPublicSignatureMentionsInternal() {
        for (JavaClass type : CORE) {
            if (type.getPackageName().startsWith("dev.cqrskit.core.internal")) {
                continue;
            }
            type.getMethods().stream()
                    .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                    .forEach(m -> {
                        assertThat(m.getRawReturnType().getPackageName())
                                .as("return type of %s", m.getFullName())
                                .doesNotStartWith("dev.cqrskit.core.internal");
                        m.getRawParameterTypes().forEach(p -> assertThat(p.getPackageName())
                                .as("parameter of %s", m.getFullName())
                                .doesNotStartWith("dev.cqrskit.core.internal"));
                    });
        }
    }

    @Test
    void portsLiveInTheSpiPackage() {
        assertThat(dev.cqrskit.core.spi.TransactionBoundary.class.getPackageName()).isEqualTo("dev.cqrskit.core.spi");
        assertThat(dev.cqrskit.core.spi.Middleware.class.getPackageName()).isEqualTo("dev.cqrskit.core.spi");
        assertThat(dev.cqrskit.core.spi.QueryCache.class.getPackageName()).isEqualTo("dev.cqrskit.core.spi");
    }

    @Test
    void aCommandBusIsNotAQueryBusAndTheReverse() {
        CommandBus commands = CommandBus.builder().build();
        QueryBus queries = QueryBus.builder().build();

        assertThat(commands).isNotInstanceOf(QueryBus.class);
        assertThat(queries).isNotInstanceOf(CommandBus.class);
    }
}
