package dev.cqrskit.test.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps ArchUnit optional: only the arch package of cqrs-test may use it. */
class CqrsTestModuleArchitectureTest {

    @Test
    void fixturesFakesAndContractsWorkWithoutArchUnit() {
        JavaClasses main = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.cqrskit.test");

        noClasses().that().resideOutsideOfPackage("dev.cqrskit.test.arch..")
                .should().dependOnClassesThat().resideInAPackage("com.tngtech.archunit..")
                .because("archunit is an optional dependency of cqrs-test")
                .check(main);
    }
}
